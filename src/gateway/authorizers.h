// The authorize step of the gateway: runs the authorizer a method names (Lambda TOKEN/REQUEST,
// HTTP API Lambda payload 1.0/2.0, or JWT) and decides whether the request goes on to the
// integration. On success it returns what the integration receives under
// requestContext.authorizer; otherwise the GatewayError API Gateway answers with.
//
// Lambda results are cached per authorizer and identity-source values for the authorizer's
// TTL; a cached policy is judged again against each request's method ARN. JWKS documents are
// cached for kJwksRefresh. Thread-safe.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <string>

#include "gateway/api.h"
#include "gateway/gateway_errors.h"
#include "gateway/jwks_source.h"
#include "gateway/proxy_event.h"
#include "lambda/invoker.h"
#include "net/http.h"

namespace nimbus::gateway {

// How long a Lambda authorizer may take before the request fails with a 500.
inline constexpr std::chrono::milliseconds kAuthorizerTimeout = kMaxIntegrationTimeout;
// How long a fetched JWKS is used before it is fetched again.
inline constexpr std::chrono::seconds kJwksRefresh{300};
// Tokens longer than this fail identityValidationExpression without being matched: the
// standard library's regex engine recurses per character and must not be fed whole headers.
inline constexpr std::size_t kMaxValidatedTokenBytes = 8192;
// Cached authorizer results kept at most; past it, expired entries go, then the oldest half.
inline constexpr std::size_t kMaxCachedAuthorizerResults = 10000;

struct AuthorizerEnvironment {
  std::string region;
  std::function<std::chrono::system_clock::time_point()> clock;  // TTLs, exp/nbf
  JwksFetcher fetch_jwks = FetchJwks;
};

class Authorizers {
 public:
  // REQUIRES: every MethodAuthorization of `api` names one of api.authorizers (LoadApi checks);
  // `api` and `invoker` outlive this object.
  Authorizers(const Api& api, AuthorizerEnvironment environment, lambda::Invoker& invoker);
  ~Authorizers();

  boost::asio::awaitable<std::expected<boost::json::object, GatewayError>> Authorize(
      const net::Request& request, const Method& method, const ProxyEventContext& context) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace nimbus::gateway
