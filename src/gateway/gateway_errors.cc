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
    case GatewayError::kIntegrationFailure:
    case GatewayError::kBadProxyResponse:
      break;
  }
  return {status::internal_server_error, R"({"message":"Internal Server Error"})", ""};
}

net::Response MakeResponse(const Shape& shape, const net::Request& request) {
  net::Response response{shape.status, request.version()};
  response.set(net::http::field::content_type, "application/json");
  if (!shape.error_type.empty()) response.set("x-amzn-ErrorType", shape.error_type);
  response.keep_alive(request.keep_alive());
  response.body() = std::string(shape.body);
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
    case GatewayError::kIntegrationFailure:
    case GatewayError::kBadProxyResponse:
      break;
  }
  return "Internal server error";
}

net::Response MakeHttpApiErrorResponse(GatewayError error, const net::Request& request) {
  return MakeResponse(HttpApiShapeOf(error), request);
}

net::Response MakeGatewayErrorResponse(GatewayError error, const net::Request& request) {
  return MakeResponse(ShapeOf(error), request);
}

}  // namespace nimbus::gateway
