// The assessor's signing key: Ed25519 through OpenSSL. The private key lives in the user's config folder
// (readable by its owner only, created on first use); each signature carries its public key, so anyone can
// check it, and the key's fingerprint tells a reader whose key it is.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace cp {

// config_dir()/assessor-ed25519.pem: the default place of the assessor's private key.
std::string default_signing_key_path();

class SigningKey {
  public:
    // Loads the PEM private key at `path`, or creates one there (mode 0600, atomically) when there is none.
    // Refuses a key file others can read or write, and a key that is not Ed25519. `created` says which.
    static std::unique_ptr<SigningKey> load_or_create(const std::string& path, std::string& error,
                                                      bool* created = nullptr);
    ~SigningKey();
    SigningKey(const SigningKey&) = delete;
    SigningKey& operator=(const SigningKey&) = delete;

    const std::string& public_key_hex() const { return public_hex_; }  // the 32-byte raw key, hex
    // The Ed25519 signature of `message`, hex (128 digits).
    std::string sign_hex(std::string_view message) const;

  private:
    SigningKey() = default;
    void* pkey_ = nullptr;  // EVP_PKEY*, kept out of this header
    std::string public_hex_;
};

// True when `signature_hex` is a valid Ed25519 signature of `message` by `public_key_hex`.
bool verify_signature(const std::string& public_key_hex, std::string_view message,
                      const std::string& signature_hex);
// "SHA256:1a2b3c4d5e6f7a8b": a short, stable name for a public key, for people to compare.
std::string key_fingerprint(const std::string& public_key_hex);

}  // namespace cp
