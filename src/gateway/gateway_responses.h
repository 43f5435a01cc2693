// Gateway responses: the responses API Gateway (REST APIs) makes itself, and the
// `x-amazon-apigateway-gateway-responses` overrides of their status, headers and body.
// A type without an override of its own takes DEFAULT_4XX or DEFAULT_5XX's, as AWS does.
//
//   x-amazon-apigateway-gateway-responses:
//     MISSING_AUTHENTICATION_TOKEN:
//       statusCode: 404
//       responseParameters:
//         gatewayresponse.header.X-Request-Id: context.requestId
//       responseTemplates:
//         application/json: '{"error":$context.error.messageString}'
#pragma once

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gateway/context_variables.h"
#include "net/http.h"

namespace YAML {
class Node;
}

namespace nimbus::gateway {

struct GatewayResponseOverride {
  std::optional<int> status_code;
  // Header name → mapping expression: 'static', method.request.header.X,
  // method.request.querystring.x, method.request.path.x, stageVariables.x, context.x.
  std::vector<std::pair<std::string, std::string>> headers;
  std::map<std::string, std::string> templates;  // content type → template
};

using GatewayResponseOverrides = std::map<std::string, GatewayResponseOverride>;

// The response types AWS documents, with their default status (nullopt for DEFAULT_4XX/5XX).
// nullopt if `type` is not one.
std::optional<std::optional<int>> GatewayResponseDefaultStatus(std::string_view type);

// Reads the extension's object. The error's first member is the dotted path below the
// extension ("MISSING_AUTHENTICATION_TOKEN.statusCode"), the second what is wrong.
std::expected<GatewayResponseOverrides, std::pair<std::string, std::string>> ParseGatewayResponses(
    const YAML::Node& node);

// What the gateway knows about the failed request, for the mapping expressions.
struct GatewayResponseInput {
  std::string_view type;  // "MISSING_AUTHENTICATION_TOKEN"
  const net::Request& request;
  const std::vector<std::pair<std::string, std::string>>* path_parameters = nullptr;
  const ContextVariables& context;  // with error.message and error.responseType set
};

// `response` is the built-in one; returns it with the applicable override applied (if any).
net::Response ApplyGatewayResponseOverride(const GatewayResponseOverrides& overrides,
                                           const GatewayResponseInput& input,
                                           net::Response response);

}  // namespace nimbus::gateway
