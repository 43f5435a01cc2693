// The responses API Gateway itself sends (its "gateway responses"), each with AWS's status,
// body and x-amzn-ErrorType. Every error the gateway produces becomes a wire response here and
// nowhere else.
#pragma once

#include <string_view>

#include "net/http.h"

namespace nimbus::gateway {

enum class GatewayError {
  kMissingAuthenticationToken,  // 403: no resource or no method matches
  kInvalidApiKey,               // 403: the method needs an API key; none valid was sent
  kBadRequestParameters,        // 400: a required parameter is missing (message names them)
  kBadRequestBody,              // 400: the body does not match the method's model
  kRequestTooLarge,             // 413: body over kMaxRequestBodyBytes
  kThrottled,                   // 429: a throttle refused it, or Lambda throttled the call
  kQuotaExceeded,               // 429: the API key's usage plan quota is spent
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

// `message`, if given, replaces the type's default message (kBadRequestParameters names the
// missing parameters).
net::Response MakeGatewayErrorResponse(GatewayError error, const net::Request& request,
                                       std::string_view message = {});

// The gateway response type of `error` ("MISSING_AUTHENTICATION_TOKEN"), and the message its
// default body carries ($context.error.message).
std::string_view GatewayResponseTypeOf(GatewayError error);
std::string_view GatewayErrorMessageOf(GatewayError error);

// The same errors as an HTTP API sends them: {"message":"Not Found"} 404 where a REST API says
// Missing Authentication Token, 500 {"message":"Internal Server Error"} for any integration
// failure, 503 {"message":"Service Unavailable"} on the integration timeout.
net::Response MakeHttpApiErrorResponse(GatewayError error, const net::Request& request);

}  // namespace nimbus::gateway
