// Saving files so that a crash or power cut never leaves a half-written one: write a temporary file beside
// the target, fsync it, rename it over the target, fsync the folder.
#pragma once

#include <string>
#include <string_view>

namespace cp {

// Replaces `path` with `content` atomically; creates missing parent folders. Returns false with a reason.
bool atomic_write_file(const std::string& path, std::string_view content, std::string& error);

}  // namespace cp
