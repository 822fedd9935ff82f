#include "signing.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <vector>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "atomic_file.hpp"
#include "json_document.hpp"
#include "library.hpp"
#include "sha256.hpp"

namespace cp {

namespace {

std::string to_hex(const unsigned char* data, std::size_t size) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 15];
    }
    return out;
}

bool from_hex(const std::string& hex, std::vector<unsigned char>& out) {
    if (hex.size() % 2) return false;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    out.clear();
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out.push_back(static_cast<unsigned char>(hi * 16 + lo));
    }
    return true;
}

EVP_PKEY* as_pkey(void* p) {
    return static_cast<EVP_PKEY*>(p);
}

}  // namespace

std::string default_signing_key_path() {
    return (std::filesystem::path(config_dir()) / "assessor-ed25519.pem").string();
}

SigningKey::~SigningKey() {
    EVP_PKEY_free(as_pkey(pkey_));
}

std::unique_ptr<SigningKey> SigningKey::load_or_create(const std::string& path, std::string& error, bool* created) {
    std::unique_ptr<SigningKey> key(new SigningKey);
    if (created) *created = false;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            error = "the signing key " + path + " is not a regular file";
            return nullptr;
        }
        if (st.st_mode & 077) {
            error = "the signing key " + path + " can be read or changed by other users (mode " +
                    std::to_string((st.st_mode >> 6) & 7) + std::to_string((st.st_mode >> 3) & 7) +
                    std::to_string(st.st_mode & 7) + "); make it private with chmod 600 " + path;
            return nullptr;
        }
        std::string pem;
        if (!read_text_file(path, pem, error, 64 * 1024)) {
            error = "cannot read the signing key " + path + ": " + error;
            return nullptr;
        }
        BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
        EVP_PKEY* pkey = bio ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr) : nullptr;
        BIO_free(bio);
        if (!pkey || EVP_PKEY_id(pkey) != EVP_PKEY_ED25519) {
            EVP_PKEY_free(pkey);
            error = "the signing key " + path + " is not an Ed25519 private key in PEM form";
            return nullptr;
        }
        key->pkey_ = pkey;
    } else {
        EVP_PKEY* pkey = nullptr;
        EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
        bool ok = ctx && EVP_PKEY_keygen_init(ctx) == 1 && EVP_PKEY_keygen(ctx, &pkey) == 1;
        EVP_PKEY_CTX_free(ctx);
        if (!ok) {
            error = "cannot create an Ed25519 signing key (OpenSSL refused)";
            return nullptr;
        }
        key->pkey_ = pkey;
        BIO* bio = BIO_new(BIO_s_mem());
        if (!bio || PEM_write_bio_PrivateKey(bio, pkey, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
            BIO_free(bio);
            error = "cannot encode the new signing key";
            return nullptr;
        }
        char* data = nullptr;
        long size = BIO_get_mem_data(bio, &data);
        std::string pem(data, static_cast<std::size_t>(size));
        BIO_free(bio);
        if (!atomic_write_file(path, pem, error, 0600)) {
            error = "cannot save the new signing key: " + error;
            return nullptr;
        }
        if (created) *created = true;
    }
    unsigned char raw[32];
    std::size_t size = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(as_pkey(key->pkey_), raw, &size) != 1 || size != sizeof raw) {
        error = "cannot read the public half of the signing key " + path;
        return nullptr;
    }
    key->public_hex_ = to_hex(raw, size);
    return key;
}

std::string SigningKey::sign_hex(std::string_view message) const {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    unsigned char sig[64];
    std::size_t size = sizeof sig;
    bool ok = ctx && EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, as_pkey(pkey_)) == 1 &&
              EVP_DigestSign(ctx, sig, &size, reinterpret_cast<const unsigned char*>(message.data()),
                             message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    return ok ? to_hex(sig, size) : std::string();
}

bool verify_signature(const std::string& public_key_hex, std::string_view message, const std::string& signature_hex) {
    std::vector<unsigned char> raw, sig;
    if (!from_hex(public_key_hex, raw) || raw.size() != 32 || !from_hex(signature_hex, sig) || sig.size() != 64)
        return false;
    EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw.data(), raw.size());
    if (!pkey) return false;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    bool ok = ctx && EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pkey) == 1 &&
              EVP_DigestVerify(ctx, sig.data(), sig.size(), reinterpret_cast<const unsigned char*>(message.data()),
                               message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pkey);
    return ok;
}

std::string key_fingerprint(const std::string& public_key_hex) {
    std::vector<unsigned char> raw;
    if (!from_hex(public_key_hex, raw)) return "SHA256:?";
    return "SHA256:" + sha256_hex(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size())).substr(0, 16);
}

}  // namespace cp
