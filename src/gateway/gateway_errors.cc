#include "gateway/gateway_errors.h"

namespace nimbus::gateway {

namespace {

struct Shape {
  net::http::status status;
  std::string_view body;        // byte for byte as AWS sends it (spacing differs by type)
  std::string_view error_type;  // x-amzn-ErrorType; empty: AWS sends none
};

Shape ShapeOf(GatewayError error) {
  using net::http::status;
  switch (error) {
    case GatewayError::kMissingAuthenticationToken:
      return {status::forbidden, R"({"message":"Missing Authentication Token"})",
              "MissingAuthenticationTokenException"};
    case GatewayError::kRequestTooLarge:
      return {status::payload_too_large, R"({"message":"Request Too Long"})", ""};
    case GatewayError::kThrottled:
      return {status::too_many_requests, R"({"message":"Too Many Requests"})",
              "TooManyRequestsException"};
    case GatewayError::kIntegrationFailure:
      return {status::internal_server_error, R"({"message": "Internal server error"})",
              "InternalServerErrorException"};
    case GatewayError::kBadProxyResponse:
      return {status::bad_gateway, R"({"message": "Internal server error"})",
              "InternalServerErrorException"};
    case GatewayError::kIntegrationTimeout:
      return {status::gateway_timeout, R"({"message": "Endpoint request timed out"})", ""};
    // The Deny messages are those API Gateway has sent since 2024 (before: "... with an
    // explicit deny"); the capital M is AWS's own.
    case GatewayError::kUnauthorized:
      return {status::unauthorized, R"({"message":"Unauthorized"})", "UnauthorizedException"};
    case GatewayError::kAccessDeniedExplicit:
      return {
          status::forbidden,
          R"({"Message":"User is not authorized to access this resource with an explicit deny in an identity-based policy"})",
          "AccessDeniedException"};
    case GatewayError::kAccessDeniedImplicit:
      return {status::forbidden, R"({"Message":"User is not authorized to access this resource"})",
              "AccessDeniedException"};
    case GatewayError::kAuthorizerConfiguration:
      return {status::internal_server_error, R"({"message":null})",
              "AuthorizerConfigurationException"};
    case GatewayError::kHttpApiUnauthorized:
      return {status::unauthorized, R"({"message":"Unauthorized"})", ""};
    case GatewayError::kHttpApiForbidden:
      return {status::forbidden, R"({"message":"Forbidden"})", ""};
    case GatewayError::kHttpApiAuthorizerFailure:
      return {status::internal_server_error, R"({"message":"Internal Server Error"})", ""};
  }
  return {status::internal_server_error, R"({"message": "Internal server error"})",
          "InternalServerErrorException"};
}

}  // namespace

net::Response MakeGatewayErrorResponse(GatewayError error, const net::Request& request) {
  Shape shape = ShapeOf(error);
  net::Response response{shape.status, request.version()};
  response.set(net::http::field::content_type, "application/json");
  if (!shape.error_type.empty()) response.set("x-amzn-ErrorType", shape.error_type);
  response.keep_alive(request.keep_alive());
  response.body() = std::string(shape.body);
  response.prepare_payload();
  return response;
}

}  // namespace nimbus::gateway
