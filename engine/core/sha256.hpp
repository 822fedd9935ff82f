// SHA-256 through OpenSSL's EVP interface (a vetted implementation beats a hand-written one for evidence).
#pragma once

#include <string>
#include <string_view>

namespace cp {

// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace cp
