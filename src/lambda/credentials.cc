#include "lambda/credentials.h"

#include <openssl/rand.h>

#include <cstdint>
#include <vector>

namespace nimbus::lambda {
namespace {

// Secrets must not be guessable: OpenSSL's CSPRNG, not std::random_device's best effort.
std::string RandomText(std::size_t length, std::string_view alphabet) {
  std::vector<unsigned char> bytes(length);
  RAND_bytes(bytes.data(), static_cast<int>(bytes.size()));
  std::string out(length, ' ');
  for (std::size_t i = 0; i < length; ++i) out[i] = alphabet[bytes[i] % alphabet.size()];
  return out;
}

constexpr std::string_view kKeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kSecretAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// STS session tokens are a few hundred base64 characters.
constexpr std::size_t kSessionTokenLength = 356;

class SessionCredentialIssuer final : public CredentialIssuer {
 public:
  explicit SessionCredentialIssuer(IssuerHooks hooks) : hooks_(std::move(hooks)) {}

  Credentials Issue(const CredentialOwner& owner) override {
    Credentials c{.access_key_id = "ASIA" + RandomText(16, kKeyAlphabet),
                  .secret_access_key = RandomText(40, kSecretAlphabet),
                  .session_token = RandomText(kSessionTokenLength, kSecretAlphabet)};
    if (hooks_.on_issue) hooks_.on_issue(c, owner);
    return c;
  }

  void Revoke(std::string_view access_key_id) override {
    if (hooks_.on_revoke) hooks_.on_revoke(access_key_id);
  }

 private:
  const IssuerHooks hooks_;
};

}  // namespace

std::unique_ptr<CredentialIssuer> NewSessionCredentialIssuer(IssuerHooks hooks) {
  return std::make_unique<SessionCredentialIssuer>(std::move(hooks));
}

}  // namespace nimbus::lambda
