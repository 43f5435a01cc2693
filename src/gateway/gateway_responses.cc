#include "gateway/gateway_responses.h"

#include <yaml-cpp/yaml.h>

#include <array>

namespace nimbus::gateway {

namespace {

struct TypeDefault {
  std::string_view type;
  std::optional<int> status;
};

// API Gateway's gateway response types and their default status codes.
constexpr std::array<TypeDefault, 21> kTypes = {{
    {"ACCESS_DENIED", 403},
    {"API_CONFIGURATION_ERROR", 500},
    {"AUTHORIZER_CONFIGURATION_ERROR", 500},
    {"AUTHORIZER_FAILURE", 500},
    {"BAD_REQUEST_PARAMETERS", 400},
    {"BAD_REQUEST_BODY", 400},
    {"DEFAULT_4XX", std::nullopt},
    {"DEFAULT_5XX", std::nullopt},
    {"EXPIRED_TOKEN", 403},
    {"INTEGRATION_FAILURE", 504},
    {"INTEGRATION_TIMEOUT", 504},
    {"INVALID_API_KEY", 403},
    {"INVALID_SIGNATURE", 403},
    {"MISSING_AUTHENTICATION_TOKEN", 403},
    {"QUOTA_EXCEEDED", 429},
    {"REQUEST_TOO_LARGE", 413},
    {"RESOURCE_NOT_FOUND", 404},
    {"THROTTLED", 429},
    {"UNAUTHORIZED", 401},
    {"UNSUPPORTED_MEDIA_TYPE", 415},
    {"WAF_FILTERED", 403},
}};

constexpr std::string_view kHeaderPrefix = "gatewayresponse.header.";

using ParseError = std::pair<std::string, std::string>;

std::expected<GatewayResponseOverride, ParseError> ParseOne(const std::string& type,
                                                            const YAML::Node& node) {
  if (!node.IsMap()) return std::unexpected(ParseError{type, "must be an object"});
  GatewayResponseOverride out;
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    const std::string path = type + "." + key;
    const YAML::Node& value = entry.second;
    if (key == "statusCode") {
      int status = 0;
      if (!value.IsScalar() || !YAML::convert<int>::decode(value, status) || status < 100 ||
          status > 599) {
        return std::unexpected(ParseError{path, "must be an HTTP status code"});
      }
      out.status_code = status;
    } else if (key == "responseParameters") {
      if (!value.IsMap()) return std::unexpected(ParseError{path, "must be an object"});
      for (const auto& param : value) {
        const std::string name = param.first.Scalar();
        if (!name.starts_with(kHeaderPrefix) || name.size() == kHeaderPrefix.size()) {
          return std::unexpected(
              ParseError{path + "." + name, "must be gatewayresponse.header.<name>"});
        }
        if (!param.second.IsScalar()) {
          return std::unexpected(ParseError{path + "." + name, "must be a string"});
        }
        out.headers.emplace_back(name.substr(kHeaderPrefix.size()), param.second.Scalar());
      }
    } else if (key == "responseTemplates") {
      if (!value.IsMap()) return std::unexpected(ParseError{path, "must be an object"});
      for (const auto& tmpl : value) {
        if (!tmpl.second.IsScalar()) {
          return std::unexpected(ParseError{path + "." + tmpl.first.Scalar(), "must be a string"});
        }
        out.templates[tmpl.first.Scalar()] = tmpl.second.Scalar();
      }
    } else {
      return std::unexpected(ParseError{path, "unknown field"});
    }
  }
  return out;
}

std::string_view QueryValue(std::string_view target, std::string_view name) {
  auto q = target.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) return eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

// The value of a responseParameters mapping expression; empty when it maps to nothing.
std::string MappedValue(std::string_view expr, const GatewayResponseInput& input) {
  if (expr.size() >= 2 && expr.front() == '\'' && expr.back() == '\'') {
    return std::string(expr.substr(1, expr.size() - 2));
  }
  if (expr.starts_with("method.request.header.")) {
    return std::string(input.request[expr.substr(22)]);
  }
  if (expr.starts_with("method.request.querystring.")) {
    return std::string(QueryValue(input.request.target(), expr.substr(27)));
  }
  if (expr.starts_with("method.request.path.") && input.path_parameters != nullptr) {
    for (const auto& [name, value] : *input.path_parameters) {
      if (name == expr.substr(20)) return value;
    }
    return {};
  }
  if (expr.starts_with("stageVariables.") && input.context.stage_variables != nullptr) {
    auto it = input.context.stage_variables->find(std::string(expr.substr(15)));
    return it == input.context.stage_variables->end() ? "" : it->second;
  }
  if (expr.starts_with("context.")) {
    return ContextValue(input.context, expr.substr(8)).value_or("");
  }
  return {};
}

}  // namespace

std::optional<std::optional<int>> GatewayResponseDefaultStatus(std::string_view type) {
  for (const auto& t : kTypes) {
    if (t.type == type) return t.status;
  }
  return std::nullopt;
}

std::expected<GatewayResponseOverrides, ParseError> ParseGatewayResponses(const YAML::Node& node) {
  if (!node.IsMap()) return std::unexpected(ParseError{"", "must be an object"});
  GatewayResponseOverrides out;
  for (const auto& entry : node) {
    const std::string type = entry.first.Scalar();
    if (!GatewayResponseDefaultStatus(type)) {
      return std::unexpected(ParseError{type, "unknown gateway response type"});
    }
    auto one = ParseOne(type, entry.second);
    if (!one) return std::unexpected(one.error());
    out.emplace(type, std::move(*one));
  }
  return out;
}

net::Response ApplyGatewayResponseOverride(const GatewayResponseOverrides& overrides,
                                           const GatewayResponseInput& input,
                                           net::Response response) {
  if (overrides.empty()) return response;
  auto it = overrides.find(std::string(input.type));
  if (it == overrides.end()) {
    it = overrides.find(response.result_int() >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX");
  }
  if (it == overrides.end()) return response;
  const GatewayResponseOverride& o = it->second;

  if (o.status_code) response.result(static_cast<unsigned>(*o.status_code));
  for (const auto& [name, expr] : o.headers) {
    std::string value = MappedValue(expr, input);
    if (!value.empty()) response.set(name, value);
  }
  if (!o.templates.empty()) {
    // The template for the client's Accept type if there is one, else application/json, else
    // the first: API Gateway's choice among response templates.
    auto chosen = o.templates.find(std::string(input.request[net::http::field::accept]));
    if (chosen == o.templates.end()) chosen = o.templates.find("application/json");
    if (chosen == o.templates.end()) chosen = o.templates.begin();
    response.set(net::http::field::content_type, chosen->first);
    response.body() = RenderContextTemplate(chosen->second, input.context, "");
  }
  response.prepare_payload();
  return response;
}

}  // namespace nimbus::gateway
