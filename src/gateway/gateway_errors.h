// The responses API Gateway itself sends (its "gateway responses"), each with AWS's status,
// body and x-amzn-ErrorType. Every error the gateway produces becomes a wire response here and
// nowhere else.
#pragma once

#include <string_view>

#include "net/http.h"

namespace nimbus::gateway {

enum class GatewayError {
  kMissingAuthenticationToken,  // 403: no resource or no method matches
  kRequestTooLarge,             // 413: body over kMaxRequestBodyBytes
  kThrottled,                   // 429: Lambda throttled the invocation
  kIntegrationFailure,          // 500: the invocation failed in the Lambda service
  kBadProxyResponse,            // 502: function error, or a malformed proxy response
  kIntegrationTimeout,          // 504: no answer within the integration timeout
  // Authorizers (REST APIs): no or malformed identity, or the authorizer said "Unauthorized"
  kUnauthorized,             // 401
  kAccessDeniedExplicit,     // 403: a Deny statement matched the method
  kAccessDeniedImplicit,     // 403: no statement allowed the method
  kAuthorizerConfiguration,  // 500: the authorizer failed or answered garbage
  // Authorizers (HTTP APIs), which answer with plainer bodies
  kHttpApiUnauthorized,       // 401
  kHttpApiForbidden,          // 403: denied, or a JWT without the route's scopes
  kHttpApiAuthorizerFailure,  // 500
};

// API Gateway's payload limit for REST APIs.
inline constexpr std::size_t kMaxRequestBodyBytes = 10 * 1024 * 1024;

net::Response MakeGatewayErrorResponse(GatewayError error, const net::Request& request);

}  // namespace nimbus::gateway
