#include "gateway/gateway_errors.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

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
    case GatewayError::kInvalidApiKey:
      return {status::forbidden, R"({"message":"Forbidden"})", "ForbiddenException"};
    case GatewayError::kBadRequestParameters:
      return {status::bad_request, R"({"message": "Bad request parameters"})",
              "BadRequestException"};
    case GatewayError::kBadRequestBody:
      return {status::bad_request, R"({"message": "Invalid request body"})", "BadRequestException"};
    case GatewayError::kQuotaExceeded:
      return {status::too_many_requests, R"({"message":"Limit Exceeded"})",
              "LimitExceededException"};
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

Shape HttpApiShapeOf(GatewayError error) {
  using net::http::status;
  switch (error) {
    case GatewayError::kMissingAuthenticationToken:
      return {status::not_found, R"({"message":"Not Found"})", ""};
    case GatewayError::kRequestTooLarge:
      return {status::payload_too_large, R"({"message":"Request Entity Too Large"})", ""};
    case GatewayError::kThrottled:
      return {status::too_many_requests, R"({"message":"Too Many Requests"})", ""};
    case GatewayError::kIntegrationTimeout:
      return {status::service_unavailable, R"({"message":"Service Unavailable"})", ""};
    case GatewayError::kInvalidApiKey:
      return {status::forbidden, R"({"message":"Forbidden"})", ""};
    case GatewayError::kQuotaExceeded:
      return {status::too_many_requests, R"({"message":"Too Many Requests"})", ""};
    case GatewayError::kBadRequestParameters:
    case GatewayError::kBadRequestBody:
      return {status::bad_request, R"({"message":"Bad Request"})", ""};
    case GatewayError::kUnauthorized:
    case GatewayError::kHttpApiUnauthorized:
      return {status::unauthorized, R"({"message":"Unauthorized"})", ""};
    case GatewayError::kAccessDeniedExplicit:
    case GatewayError::kAccessDeniedImplicit:
    case GatewayError::kHttpApiForbidden:
      return {status::forbidden, R"({"message":"Forbidden"})", ""};
    case GatewayError::kAuthorizerConfiguration:
    case GatewayError::kHttpApiAuthorizerFailure:
    case GatewayError::kIntegrationFailure:
    case GatewayError::kBadProxyResponse:
      break;
  }
  return {status::internal_server_error, R"({"message":"Internal Server Error"})", ""};
}

net::Response MakeResponse(const Shape& shape, const net::Request& request,
                           std::string_view message = {}) {
  net::Response response{shape.status, request.version()};
  response.set(net::http::field::content_type, "application/json");
  if (!shape.error_type.empty()) response.set("x-amzn-ErrorType", shape.error_type);
  response.keep_alive(request.keep_alive());
  // The 400s come from API Gateway's response template, hence the space after the colon.
  response.body() =
      message.empty()
          ? std::string(shape.body)
          : R"({"message": )" + boost::json::serialize(boost::json::string(message)) + "}";
  response.prepare_payload();
  return response;
}

}  // namespace

std::string_view GatewayResponseTypeOf(GatewayError error) {
  switch (error) {
    case GatewayError::kMissingAuthenticationToken:
      return "MISSING_AUTHENTICATION_TOKEN";
    case GatewayError::kRequestTooLarge:
      return "REQUEST_TOO_LARGE";
    case GatewayError::kThrottled:
      return "THROTTLED";
    case GatewayError::kIntegrationTimeout:
      return "INTEGRATION_TIMEOUT";
    case GatewayError::kInvalidApiKey:
      return "INVALID_API_KEY";
    case GatewayError::kBadRequestParameters:
      return "BAD_REQUEST_PARAMETERS";
    case GatewayError::kBadRequestBody:
      return "BAD_REQUEST_BODY";
    case GatewayError::kQuotaExceeded:
      return "QUOTA_EXCEEDED";
    case GatewayError::kUnauthorized:
    case GatewayError::kHttpApiUnauthorized:
      return "UNAUTHORIZED";
    case GatewayError::kAccessDeniedExplicit:
    case GatewayError::kAccessDeniedImplicit:
    case GatewayError::kHttpApiForbidden:
      return "ACCESS_DENIED";
    case GatewayError::kAuthorizerConfiguration:
    case GatewayError::kHttpApiAuthorizerFailure:
      return "AUTHORIZER_CONFIGURATION_ERROR";
    case GatewayError::kIntegrationFailure:
    case GatewayError::kBadProxyResponse:
      break;
  }
  return "DEFAULT_5XX";
}

std::string_view GatewayErrorMessageOf(GatewayError error) {
  switch (error) {
    case GatewayError::kMissingAuthenticationToken:
      return "Missing Authentication Token";
    case GatewayError::kRequestTooLarge:
      return "Request Too Long";
    case GatewayError::kThrottled:
      return "Too Many Requests";
    case GatewayError::kIntegrationTimeout:
      return "Endpoint request timed out";
    case GatewayError::kInvalidApiKey:
      return "Forbidden";
    case GatewayError::kBadRequestParameters:
      return "Bad request parameters";
    case GatewayError::kBadRequestBody:
      return "Invalid request body";
    case GatewayError::kQuotaExceeded:
      return "Limit Exceeded";
    case GatewayError::kUnauthorized:
    case GatewayError::kHttpApiUnauthorized:
      return "Unauthorized";
    case GatewayError::kAccessDeniedExplicit:
      return "User is not authorized to access this resource with an explicit deny in an "
             "identity-based policy";
    case GatewayError::kAccessDeniedImplicit:
      return "User is not authorized to access this resource";
    case GatewayError::kHttpApiForbidden:
      return "Forbidden";
    case GatewayError::kAuthorizerConfiguration:
    case GatewayError::kHttpApiAuthorizerFailure:
      return "Internal server error";
    case GatewayError::kIntegrationFailure:
    case GatewayError::kBadProxyResponse:
      break;
  }
  return "Internal server error";
}

net::Response MakeHttpApiErrorResponse(GatewayError error, const net::Request& request) {
  return MakeResponse(HttpApiShapeOf(error), request);
}

net::Response MakeGatewayErrorResponse(GatewayError error, const net::Request& request,
                                       std::string_view message) {
  return MakeResponse(ShapeOf(error), request, message);
}

}  // namespace nimbus::gateway
