// Who signed a request. Every AWS-protocol call on the edge is SigV4-signed; keys the stack
// knows are verified against their secret. In `dev` mode any other key is accepted as the local
// administrator once the signature's form checks out (what DynamoDB Local users expect);
// `strict` mode refuses unknown keys with UnrecognizedClientException, as AWS does.
//
// Thread-safe: keys may be added while requests are checked.
#pragma once

#include <chrono>
#include <expected>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "aws/error.h"
#include "aws/sigv4.h"

namespace nimbus::edge {

enum class AuthMode { kDev, kStrict };

struct Principal {
  std::string access_key_id;
  bool known = false;  // false: an unknown key accepted in dev mode
  // For a function instance's own key: the role it acts as and the function it belongs to.
  std::string role_arn;
  std::string function_name;
};

// A temporary key pair issued to one function instance (see lambda/credentials.h).
struct SessionKey {
  std::string secret_access_key;
  std::string session_token;  // the request must carry it as X-Amz-Security-Token
  std::string role_arn;
  std::string function_name;
};

class Authenticator {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  Authenticator(AuthMode mode, Clock clock);

  void AddKey(std::string access_key_id, std::string secret_access_key);
  void AddSessionKey(std::string access_key_id, SessionKey key);
  // The key stops working (its instance is gone).
  void RemoveKey(std::string_view access_key_id);

  // Checks the request's SigV4 signature for `service` ("dynamodb", "lambda", ...).
  std::expected<Principal, aws::Error> Authenticate(const aws::HttpRequest& request,
                                                    std::string_view service) const;

 private:
  AuthMode mode_;
  Clock clock_;
  mutable std::mutex mutex_;
  std::map<std::string, SessionKey, std::less<>> secrets_;  // long-term keys: no token
  // Derived SigV4 signing keys by "key/date/region/service": four HMACs saved per request.
  static constexpr std::size_t kMaxCachedSigningKeys = 1024;
  mutable std::map<std::string, std::string, std::less<>> signing_keys_;  // guarded by mutex_
};

}  // namespace nimbus::edge
