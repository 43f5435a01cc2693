// The request validation stage: what a method's request validator checks
// (`x-amazon-apigateway-request-validator`), with API Gateway's 400 responses. Required
// parameters come first (all missing ones named at once), then the body against the model.
// A pure function; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "gateway/api_front.h"
#include "gateway/gateway_errors.h"
#include "gateway/router.h"
#include "net/http.h"

namespace nimbus::gateway {

struct ValidationRefusal {
  GatewayError error;   // kBadRequestParameters or kBadRequestBody
  std::string message;  // for kBadRequestParameters: "Missing required request parameters: [a, b]"
};

std::optional<ValidationRefusal> ValidateRequest(const net::Request& request,
                                                 const RouteMatch& match,
                                                 const RequestValidation& validation);

}  // namespace nimbus::gateway
