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
  }
  return {status::internal_server_error, R"({"message": "Internal server error"})",
          "InternalServerErrorException"};
}

}  // namespace

net::Response MakeGatewayErrorResponse(GatewayError error, const net::Request& request,
                                       std::string_view message) {
  Shape shape = ShapeOf(error);
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

}  // namespace nimbus::gateway
