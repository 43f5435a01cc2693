#include "gateway/proxy_event.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cctype>
#include <ctime>

#include "gateway/codec.h"

namespace nimbus::gateway {

namespace json = boost::json;

namespace {

// An object, or null when empty: AWS sends null rather than {} for absent parameters.
json::value ObjectOrNull(json::object object) {
  if (object.empty()) return nullptr;
  return json::value(std::move(object));
}

json::value NullOr(std::string_view s) {
  if (s.empty()) return nullptr;
  return json::string(s);
}

std::pair<std::string_view, std::string_view> SplitTarget(std::string_view target) {
  auto q = target.find('?');
  if (q == std::string_view::npos) return {target, {}};
  return {target.substr(0, q), target.substr(q + 1)};
}

// Single-value maps keep the last value, multi-value maps keep them all in order.
void AddValue(json::object& single, json::object& multi, std::string_view key,
              std::string_view value) {
  single[key] = value;
  auto& list = multi[key];
  if (!list.is_array()) list = json::array();
  list.as_array().emplace_back(value);
}

json::object Identity(const net::Request& request, const ProxyEventContext& context) {
  json::object identity;
  for (auto key : {"cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller", "apiKey",
                   "apiKeyId", "accessKey"}) {
    identity[key] = nullptr;
  }
  if (!context.api_key.empty()) {
    identity["apiKey"] = context.api_key;
    identity["apiKeyId"] = context.api_key_id;
  }
  identity["sourceIp"] = context.source_ip;
  identity["principalOrgId"] = nullptr;
  identity["cognitoAuthenticationType"] = nullptr;
  identity["cognitoAuthenticationProvider"] = nullptr;
  identity["userArn"] = nullptr;
  identity["userAgent"] = NullOr(request[net::http::field::user_agent]);
  identity["user"] = nullptr;
  identity["clientCert"] = nullptr;  // set only with mutual TLS
  return identity;
}

json::object RequestContext(const net::Request& request, const ProxyEventContext& context,
                            std::string_view path) {
  auto epoch_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(context.request_time.time_since_epoch())
          .count();
  std::string domain = DomainOf(request);
  json::object rc;
  rc["accountId"] = context.account_id;
  rc["resourceId"] = context.resource_id;
  // On the execute-api endpoint the stage is the first path segment of the real URL; the
  // top-level `path` omits it, requestContext.path keeps it.
  rc["path"] = "/" + context.stage + std::string(path);
  rc["stage"] = context.stage;
  rc["domainName"] = domain;
  rc["domainPrefix"] = domain.substr(0, domain.find('.'));
  rc["requestId"] = context.request_id;
  rc["extendedRequestId"] = context.extended_request_id;
  rc["protocol"] = request.version() == 10 ? "HTTP/1.0" : "HTTP/1.1";
  rc["identity"] = Identity(request, context);
  if (!context.authorizer.empty()) rc["authorizer"] = context.authorizer;
  rc["resourcePath"] = context.resource_path;
  rc["httpMethod"] = request.method_string();
  rc["requestTime"] = FormatRequestTime(context.request_time);
  rc["requestTimeEpoch"] = static_cast<std::int64_t>(epoch_ms);
  rc["apiId"] = context.api_id;
  return rc;
}

}  // namespace

std::string DomainOf(const net::Request& request) {
  std::string_view host = request[net::http::field::host];
  if (host.empty()) return "localhost";
  // Strip a port, but not the colons of a bracketed IPv6 literal.
  auto colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(']', colon) == std::string_view::npos) {
    host = host.substr(0, colon);
  }
  return std::string(host);
}

bool MatchesMediaType(std::string_view content_type, const std::vector<std::string>& types) {
  std::string type = AsciiLower(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  if (type.empty()) return false;
  for (const auto& pattern : types) {
    std::string p = AsciiLower(pattern);
    if (p == "*/*" || p == type) return true;
    if (p.ends_with("/*") && type.starts_with(p.substr(0, p.size() - 1))) return true;
  }
  return false;
}

json::value StageVariablesJson(const ProxyEventContext& context) {
  if (context.stage_variables == nullptr || context.stage_variables->empty()) return nullptr;
  json::object out;
  for (const auto& [name, value] : *context.stage_variables) out[name] = value;
  return out;
}

bool IsTextContentType(std::string_view content_type) {
  std::string type = AsciiLower(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type.starts_with("text/") || type == "application/json" || type.ends_with("+json") ||
         type == "application/xml" || type.ends_with("+xml") ||
         type == "application/x-www-form-urlencoded" || type == "application/javascript";
}

std::string FormatRequestTime(std::chrono::system_clock::time_point time) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char out[32];
  std::snprintf(out, sizeof out, "%02d/%s/%04d:%02d:%02d:%02d +0000", utc.tm_mday,
                kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return out;
}

json::value BuildProxyEventV1(const net::Request& request, const ProxyEventContext& context) {
  auto [path, query] = SplitTarget(request.target());

  json::object headers;
  json::object multi_headers;
  for (const auto& field : request) {
    AddValue(headers, multi_headers, field.name_string(), field.value());
  }
  // This gateway is the first hop, so it adds what CloudFront and API Gateway add in front of
  // a deployed API, keeping what a client (or a proxy in front of us) already set.
  auto add_if_absent = [&](std::string_view name, std::string_view value) {
    if (request.find(name) == request.end()) AddValue(headers, multi_headers, name, value);
  };
  add_if_absent("X-Amzn-Trace-Id", context.trace_id);
  add_if_absent("X-Forwarded-For", context.source_ip);
  add_if_absent("X-Forwarded-Port", std::to_string(context.local_port));
  add_if_absent("X-Forwarded-Proto", context.forwarded_proto);

  json::object query_params;
  json::object multi_query_params;
  std::size_t start = 0;
  while (start < query.size()) {
    auto amp = query.find('&', start);
    auto pair = query.substr(start, amp == std::string_view::npos ? amp : amp - start);
    start = amp == std::string_view::npos ? query.size() : amp + 1;
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string key = PercentDecodeQuery(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : PercentDecodeQuery(pair.substr(eq + 1));
    AddValue(query_params, multi_query_params, key, value);
  }

  json::object path_params;
  for (const auto& [name, value] : context.path_parameters) path_params[name] = value;

  json::object event;
  event["resource"] = context.resource_path;
  event["path"] = path;
  event["httpMethod"] = request.method_string();
  event["headers"] = ObjectOrNull(std::move(headers));
  event["multiValueHeaders"] = ObjectOrNull(std::move(multi_headers));
  event["queryStringParameters"] = ObjectOrNull(std::move(query_params));
  event["multiValueQueryStringParameters"] = ObjectOrNull(std::move(multi_query_params));
  event["pathParameters"] = ObjectOrNull(std::move(path_params));
  event["stageVariables"] = StageVariablesJson(context);
  event["requestContext"] = RequestContext(request, context, path);

  const std::string& body = request.body();
  std::string_view content_type = request[net::http::field::content_type];
  bool text = content_type.empty() ? IsValidUtf8(body) : IsTextContentType(content_type);
  // With binary media types configured, they alone decide, as on AWS.
  if (context.binary_media_types != nullptr && !context.binary_media_types->empty()) {
    text = !MatchesMediaType(content_type, *context.binary_media_types);
  }
  if (body.empty()) {
    event["body"] = nullptr;
    event["isBase64Encoded"] = false;
  } else if (text) {
    event["body"] = body;
    event["isBase64Encoded"] = false;
  } else {
    event["body"] = Base64Encode(body);
    event["isBase64Encoded"] = true;
  }
  return event;
}

}  // namespace nimbus::gateway
