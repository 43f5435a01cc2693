// The `$context` variables of one request, as API Gateway exposes them to access log formats
// and gateway response templates, and the substitution of `$context.x` / `$stageVariables.x`
// in such a text. Plain data filled by the gateway once per request that needs it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace nimbus::gateway {

struct ContextVariables {
  std::string account_id;
  std::string api_id;
  std::string stage;
  std::string request_id;
  std::string extended_request_id;
  std::string domain_name;
  std::string domain_prefix;
  std::string http_method;
  std::string path;  // as requestContext.path
  std::string resource_path;
  std::string resource_id;
  std::string route_key;  // HTTP APIs: "GET /people/{id}"
  std::string protocol;   // "HTTP/1.1"
  std::string source_ip;
  std::string user_agent;
  std::string request_time;  // "09/Apr/2015:12:34:56 +0000"
  std::int64_t request_time_epoch = 0;
  std::string trace_id;  // $context.xrayTraceId
  // Known once the response is: -1 while unknown (an access log writes "-").
  int status = -1;
  std::int64_t response_length = -1;
  std::int64_t response_latency_ms = -1;
  std::int64_t integration_latency_ms = -1;
  int integration_status = -1;
  // Set for a response API Gateway made itself.
  std::string error_message;        // $context.error.message
  std::string error_response_type;  // $context.error.responseType: "THROTTLED"
  const std::map<std::string, std::string>* stage_variables = nullptr;
};

// The value of `$context.<name>` (name without the prefix: "requestId", "error.message").
// nullopt: unknown or unset.
std::optional<std::string> ContextValue(const ContextVariables& vars, std::string_view name);

// Replaces each `$context.<name>` and `$stageVariables.<name>` (also written `${...}`) in
// `text` with its value, or with `missing` when it has none.
std::string RenderContextTemplate(std::string_view text, const ContextVariables& vars,
                                  std::string_view missing);

}  // namespace nimbus::gateway
