#include "edge/authenticator.h"

#include "aws/canonical.h"

namespace nimbus::edge {
namespace {

aws::Error InvalidToken() {
  return aws::Error{
      .http_status = 400,
      .code = "UnrecognizedClientException",
      .message = "The security token included in the request is invalid.",
      .type_namespace = "com.amazon.coral.service",
  };
}

}  // namespace

Authenticator::Authenticator(AuthMode mode, Clock clock) : mode_(mode), clock_(std::move(clock)) {}

void Authenticator::AddKey(std::string access_key_id, std::string secret_access_key) {
  std::lock_guard lock(mutex_);
  signing_keys_.clear();  // a key may have a new secret
  secrets_[std::move(access_key_id)] =
      SessionKey{.secret_access_key = std::move(secret_access_key)};
}

void Authenticator::AddSessionKey(std::string access_key_id, SessionKey key) {
  std::lock_guard lock(mutex_);
  secrets_[std::move(access_key_id)] = std::move(key);
}

void Authenticator::RemoveKey(std::string_view access_key_id) {
  std::lock_guard lock(mutex_);
  auto it = secrets_.find(access_key_id);
  if (it == secrets_.end()) return;
  secrets_.erase(it);
  signing_keys_.clear();
}

std::expected<Principal, aws::Error> Authenticator::Authenticate(const aws::HttpRequest& request,
                                                                 std::string_view service) const {
  auto parsed = aws::ParseAuthorization(request);
  if (!parsed) return std::unexpected(parsed.error());
  // Any region is accepted: local users sign with whatever region their profile names.
  if (auto scope = aws::CheckCredentialScope(*parsed, parsed->region, service); !scope) {
    return std::unexpected(scope.error());
  }
  std::string signing_key;
  Principal principal{.access_key_id = parsed->access_key_id, .known = true};
  {
    std::lock_guard lock(mutex_);
    auto it = secrets_.find(parsed->access_key_id);
    if (it != secrets_.end()) {
      const SessionKey& key = it->second;
      // A temporary key is only valid with its session token, as STS keys are on AWS.
      if (!key.session_token.empty() && request["X-Amz-Security-Token"] != key.session_token) {
        return std::unexpected(InvalidToken());
      }
      principal.role_arn = key.role_arn;
      principal.function_name = key.function_name;
      std::string cache_key =
          parsed->access_key_id + '/' + parsed->date + '/' + parsed->region + '/' + parsed->service;
      auto cached = signing_keys_.find(cache_key);
      if (cached == signing_keys_.end()) {
        if (signing_keys_.size() >= kMaxCachedSigningKeys) signing_keys_.clear();
        cached = signing_keys_
                     .emplace(std::move(cache_key),
                              aws::sigv4::SigningKey(key.secret_access_key, parsed->date,
                                                     parsed->region, parsed->service))
                     .first;
      }
      signing_key = cached->second;
    }
  }
  if (signing_key.empty()) {
    if (mode_ == AuthMode::kStrict) {
      return std::unexpected(InvalidToken());
    }
    return Principal{.access_key_id = parsed->access_key_id, .known = false};
  }
  auto verified = aws::VerifySignatureWithKey(request, *parsed, signing_key, clock_());
  if (!verified) return std::unexpected(verified.error());
  return principal;
}

}  // namespace nimbus::edge
