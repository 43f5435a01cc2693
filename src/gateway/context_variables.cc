#include "gateway/context_variables.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <cctype>

namespace nimbus::gateway {

namespace {

std::optional<std::string> Number(std::int64_t value) {
  if (value < 0) return std::nullopt;
  return std::to_string(value);
}

std::optional<std::string> Text(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return value;
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

}  // namespace

std::optional<std::string> ContextValue(const ContextVariables& v, std::string_view name) {
  if (name == "accountId") return Text(v.account_id);
  if (name == "apiId") return Text(v.api_id);
  if (name == "stage") return Text(v.stage);
  if (name == "requestId") return Text(v.request_id);
  if (name == "extendedRequestId") return Text(v.extended_request_id);
  if (name == "domainName") return Text(v.domain_name);
  if (name == "domainPrefix") return Text(v.domain_prefix);
  if (name == "httpMethod") return Text(v.http_method);
  if (name == "path") return Text(v.path);
  if (name == "resourcePath") return Text(v.resource_path);
  if (name == "resourceId") return Text(v.resource_id);
  if (name == "routeKey") return Text(v.route_key);
  if (name == "protocol") return Text(v.protocol);
  if (name == "identity.sourceIp") return Text(v.source_ip);
  if (name == "identity.userAgent") return Text(v.user_agent);
  if (name == "requestTime") return Text(v.request_time);
  if (name == "requestTimeEpoch") return Number(v.request_time_epoch);
  if (name == "xrayTraceId") return Text(v.trace_id);
  if (name == "status") return Number(v.status);
  if (name == "responseLength") return Number(v.response_length);
  if (name == "responseLatency") return Number(v.response_latency_ms);
  if (name == "integrationLatency" || name == "integration.latency") {
    return Number(v.integration_latency_ms);
  }
  if (name == "integrationStatus" || name == "integration.status") {
    return Number(v.integration_status);
  }
  if (name == "error.message") return Text(v.error_message);
  // The message as a JSON string, quotes included, for templates like {"message":$x}.
  if (name == "error.messageString") {
    if (v.error_message.empty()) return std::nullopt;
    return boost::json::serialize(boost::json::string(v.error_message));
  }
  if (name == "error.responseType") return Text(v.error_response_type);
  return std::nullopt;
}

std::string RenderContextTemplate(std::string_view text, const ContextVariables& vars,
                                  std::string_view missing) {
  static constexpr std::string_view kContext = "context.";
  static constexpr std::string_view kStage = "stageVariables.";
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '$') {
      out.push_back(text[i++]);
      continue;
    }
    bool braced = i + 1 < text.size() && text[i + 1] == '{';
    std::size_t start = i + (braced ? 2 : 1);
    std::string_view rest = text.substr(start);
    bool is_context = rest.starts_with(kContext);
    bool is_stage = rest.starts_with(kStage);
    if (!is_context && !is_stage) {
      out.push_back(text[i++]);
      continue;
    }
    std::size_t name_start = start + (is_context ? kContext.size() : kStage.size());
    std::size_t end = name_start;
    while (end < text.size() && IsNameChar(text[end])) ++end;
    // A sentence-ending dot belongs to the text, not to the name.
    while (end > name_start && text[end - 1] == '.') --end;
    if (braced) {
      if (end >= text.size() || text[end] != '}') {
        out.push_back(text[i++]);
        continue;
      }
    }
    std::string_view name = text.substr(name_start, end - name_start);
    std::optional<std::string> value;
    if (is_context) {
      value = ContextValue(vars, name);
    } else if (vars.stage_variables != nullptr) {
      if (auto it = vars.stage_variables->find(std::string(name));
          it != vars.stage_variables->end()) {
        value = it->second;
      }
    }
    out += value ? *value : std::string(missing);
    i = end + (braced ? 1 : 0);
  }
  return out;
}

}  // namespace nimbus::gateway
