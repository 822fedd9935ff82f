// SHA-256 through OpenSSL's EVP interface (a vetted implementation beats a hand-written one for evidence).
#pragma once

#include <string>
#include <string_view>

namespace cp {

// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);

// SHA-256 fed in pieces (for text too large to want whole in memory first); hex() ends it.
class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(std::string_view data);
    std::string hex();  // lower-case hex of the digest; call once

  private:
    struct Context;
    Context* context_;
};

}  // namespace cp
