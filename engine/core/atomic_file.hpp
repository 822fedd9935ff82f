// Saving files so that a crash or power cut never leaves a half-written one: write a temporary file beside
// the target, fsync it, rename it over the target, fsync the folder.
#pragma once

#include <string>
#include <string_view>

namespace cp {

// Replaces `path` with `content` atomically; creates missing parent folders. Returns false with a reason.
// `mode` is the new file's permissions (0600 for a private key: never readable by others, even for a moment).
bool atomic_write_file(const std::string& path, std::string_view content, std::string& error,
                       unsigned mode = 0644);

}  // namespace cp
