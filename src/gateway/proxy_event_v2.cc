#include "gateway/proxy_event_v2.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cctype>

#include "gateway/codec.h"

namespace nimbus::gateway {

namespace json = boost::json;

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Appends `value` to a comma-joined member, as format 2.0 merges repeated names.
void Join(json::object& object, std::string_view key, std::string_view value) {
  auto it = object.find(key);
  if (it == object.end()) {
    object[key] = value;
    return;
  }
  json::string& joined = it->value().as_string();
  joined.append(",");
  joined.append(value);
}

}  // namespace

json::value BuildProxyEventV2(const net::Request& request, const ProxyEventContext& context) {
  std::string_view target = request.target();
  auto q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  std::string_view raw_query = q == std::string_view::npos ? "" : target.substr(q + 1);
  // HTTP APIs hand the function a decoded path (rawPath, pathParameters).
  const std::string path = PercentDecodePath(raw_path);

  json::array cookies;
  json::object headers;
  for (const auto& field : request) {
    if (field.name() == net::http::field::cookie) {
      std::string_view value = field.value();
      std::size_t start = 0;
      while (start <= value.size()) {
        auto semi = value.find(';', start);
        auto cookie =
            Trim(value.substr(start, semi == std::string_view::npos ? semi : semi - start));
        if (!cookie.empty()) cookies.emplace_back(cookie);
        if (semi == std::string_view::npos) break;
        start = semi + 1;
      }
      continue;
    }
    Join(headers, AsciiLower(field.name_string()), field.value());
  }
  // What API Gateway's front end adds, unless the client (or a proxy before us) set it.
  auto add_if_absent = [&](std::string_view name, std::string_view value) {
    if (!headers.contains(name)) headers[name] = value;
  };
  add_if_absent("x-amzn-trace-id", context.trace_id);
  add_if_absent("x-forwarded-for", context.source_ip);
  add_if_absent("x-forwarded-port", std::to_string(context.local_port));
  add_if_absent("x-forwarded-proto", context.forwarded_proto);

  json::object query_params;
  std::size_t start = 0;
  while (start < raw_query.size()) {
    auto amp = raw_query.find('&', start);
    auto pair = raw_query.substr(start, amp == std::string_view::npos ? amp : amp - start);
    start = amp == std::string_view::npos ? raw_query.size() : amp + 1;
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    Join(query_params, PercentDecodeQuery(pair.substr(0, eq)),
         eq == std::string_view::npos ? "" : PercentDecodeQuery(pair.substr(eq + 1)));
  }

  auto epoch_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(context.request_time.time_since_epoch())
          .count();
  const std::string domain = DomainOf(request);
  std::string_view user_agent = request[net::http::field::user_agent];

  json::object http;
  http["method"] = request.method_string();
  http["path"] = path;
  http["protocol"] = request.version() == 10 ? "HTTP/1.0" : "HTTP/1.1";
  http["sourceIp"] = context.source_ip;
  http["userAgent"] = user_agent;

  json::object rc;
  rc["accountId"] = context.account_id;
  rc["apiId"] = context.api_id;
  if (!context.authorizer.empty()) rc["authorizer"] = context.authorizer;
  rc["domainName"] = domain;
  rc["domainPrefix"] = domain.substr(0, domain.find('.'));
  rc["http"] = std::move(http);
  rc["requestId"] = context.extended_request_id;
  rc["routeKey"] = context.route_key;
  rc["stage"] = context.stage;
  rc["time"] = FormatRequestTime(context.request_time);
  rc["timeEpoch"] = static_cast<std::int64_t>(epoch_ms);

  json::object event;
  event["version"] = "2.0";
  event["routeKey"] = context.route_key;
  event["rawPath"] = path;
  event["rawQueryString"] = raw_query;
  if (!cookies.empty()) event["cookies"] = std::move(cookies);
  event["headers"] = std::move(headers);
  if (!query_params.empty()) event["queryStringParameters"] = std::move(query_params);
  if (!context.path_parameters.empty()) {
    json::object path_params;
    for (const auto& [name, value] : context.path_parameters) {
      path_params[name] = PercentDecodePath(value);
    }
    event["pathParameters"] = std::move(path_params);
  }
  event["requestContext"] = std::move(rc);
  if (auto vars = StageVariablesJson(context); !vars.is_null()) event["stageVariables"] = vars;

  const std::string& body = request.body();
  std::string_view content_type = request[net::http::field::content_type];
  bool text = content_type.empty() ? IsValidUtf8(body) : IsTextContentType(content_type);
  if (!body.empty()) event["body"] = text ? body : Base64Encode(body);
  event["isBase64Encoded"] = !body.empty() && !text;
  return event;
}

}  // namespace nimbus::gateway
