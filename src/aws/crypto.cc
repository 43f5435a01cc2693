#include "aws/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <new>
#include <stdexcept>

namespace nimbus::aws {

namespace {

constexpr std::size_t kSha256BlockBytes = 64;
constexpr std::size_t kSha256DigestBytes = 32;

// OpenSSL 3 looks the algorithm up and allocates a context on every EVP_Digest/HMAC one-shot
// call, which costs more than hashing a request. Each thread fetches SHA-256 once and reuses
// one context.
class Sha256Hasher {
 public:
  Sha256Hasher() : md_(EVP_MD_fetch(nullptr, "SHA256", nullptr)), ctx_(EVP_MD_CTX_new()) {
    if (md_ == nullptr || ctx_ == nullptr) throw std::bad_alloc();
  }
  ~Sha256Hasher() {
    EVP_MD_CTX_free(ctx_);
    EVP_MD_free(md_);
  }
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  // digest(first || second) into out (kSha256DigestBytes).
  void Hash(std::string_view first, std::string_view second, unsigned char* out) {
    unsigned int length = 0;
    // These fail only on allocation failure; there is no error to give back but that one.
    if (EVP_DigestInit_ex2(ctx_, md_, nullptr) != 1 ||
        EVP_DigestUpdate(ctx_, first.data(), first.size()) != 1 ||
        EVP_DigestUpdate(ctx_, second.data(), second.size()) != 1 ||
        EVP_DigestFinal_ex(ctx_, out, &length) != 1) {
      throw std::bad_alloc();
    }
  }

 private:
  EVP_MD* md_;
  EVP_MD_CTX* ctx_;
};

Sha256Hasher& ThreadHasher() {
  thread_local Sha256Hasher hasher;
  return hasher;
}

std::string_view AsChars(const unsigned char* bytes, std::size_t size) {
  return {reinterpret_cast<const char*>(bytes), size};
}

}  // namespace

std::string Sha256(std::string_view data) {
  unsigned char digest[kSha256DigestBytes];
  ThreadHasher().Hash(data, {}, digest);
  return std::string(AsChars(digest, sizeof(digest)));
}

// HMAC as RFC 2104 defines it: H((K ^ opad) || H((K ^ ipad) || data)).
std::string HmacSha256(std::string_view key, std::string_view data) {
  Sha256Hasher& hasher = ThreadHasher();
  unsigned char block_key[kSha256BlockBytes] = {};
  if (key.size() > kSha256BlockBytes) {
    hasher.Hash(key, {}, block_key);
  } else {
    std::copy(key.begin(), key.end(), block_key);
  }
  unsigned char pad[kSha256BlockBytes];
  for (std::size_t i = 0; i < kSha256BlockBytes; ++i) pad[i] = block_key[i] ^ 0x36;
  unsigned char inner[kSha256DigestBytes];
  hasher.Hash(AsChars(pad, sizeof(pad)), data, inner);
  for (std::size_t i = 0; i < kSha256BlockBytes; ++i) pad[i] = block_key[i] ^ 0x5c;
  unsigned char outer[kSha256DigestBytes];
  hasher.Hash(AsChars(pad, sizeof(pad)), AsChars(inner, sizeof(inner)), outer);
  return std::string(AsChars(outer, sizeof(outer)));
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace nimbus::aws
