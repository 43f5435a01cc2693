#include "gateway/authorizer_event.h"

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "gateway/codec.h"

namespace nimbus::gateway {

namespace json = boost::json;

namespace {

std::string_view PathOf(const net::Request& request) {
  std::string_view target = request.target();
  return target.substr(0, target.find('?'));
}

std::string_view QueryOf(const net::Request& request) {
  std::string_view target = request.target();
  auto q = target.find('?');
  return q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
}

std::optional<std::string> QueryParameter(const net::Request& request, std::string_view name) {
  std::string_view query = QueryOf(request);
  std::optional<std::string> found;
  std::size_t start = 0;
  while (start < query.size()) {
    auto amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(start, amp - start);
    start = amp + 1;
    auto eq = pair.find('=');
    if (PercentDecodeQuery(pair.substr(0, eq)) != name) continue;
    found = eq == std::string_view::npos ? "" : PercentDecodeQuery(pair.substr(eq + 1));
  }
  return found;
}

// The $context variables an identity source may name.
std::optional<std::string> ContextVariable(std::string_view name, const net::Request& request,
                                           const ProxyEventContext& context) {
  if (name == "requestId") return context.request_id;
  if (name == "stage") return context.stage;
  if (name == "apiId") return context.api_id;
  if (name == "accountId") return context.account_id;
  if (name == "resourceId") return context.resource_id;
  if (name == "resourcePath") return context.resource_path;
  if (name == "httpMethod") return std::string(request.method_string());
  if (name == "identity.sourceIp") return context.source_ip;
  if (name == "identity.userAgent") return std::string(request[net::http::field::user_agent]);
  return std::nullopt;
}

// The authorizer events carry empty maps as {} where the proxy event has null.
void NullToEmpty(json::object& event, std::initializer_list<std::string_view> keys) {
  for (auto key : keys) {
    if (auto* v = event.if_contains(key); v != nullptr && v->is_null()) *v = json::object{};
  }
}

std::string Join(const std::vector<std::string>& values, std::string_view separator) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += separator;
    out += v;
  }
  return out;
}

json::object RestRequestEvent(const AuthorizerEventInput& input) {
  json::object proxy = BuildProxyEventV1(input.request, input.context).as_object();
  json::object event;
  event["type"] = "REQUEST";
  event["methodArn"] = input.method_arn;
  for (auto key :
       {"resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
        "multiValueQueryStringParameters", "pathParameters", "stageVariables", "requestContext"}) {
    event[key] = proxy[key];
  }
  NullToEmpty(event, {"headers", "multiValueHeaders", "queryStringParameters",
                      "multiValueQueryStringParameters", "pathParameters", "stageVariables"});
  return event;
}

// HTTP API payload 1.0: the REST shape without the multi-value maps, plus the identity.
json::object HttpRequestEventV1(const AuthorizerEventInput& input) {
  json::object rest = RestRequestEvent(input);
  json::object event;
  event["version"] = "1.0";
  event["type"] = "REQUEST";
  event["methodArn"] = input.method_arn;
  event["identitySource"] = Join(input.identity, ",");
  event["authorizationToken"] = Join(input.identity, ",");
  for (auto key : {"resource", "path", "httpMethod", "headers", "queryStringParameters",
                   "pathParameters", "stageVariables", "requestContext"}) {
    event[key] = rest[key];
  }
  return event;
}

json::object HttpRequestEventV2(const AuthorizerEventInput& input) {
  const net::Request& request = input.request;
  const ProxyEventContext& context = input.context;
  json::object headers;
  json::array cookies;
  for (const auto& field : request) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "cookie") {
      std::string_view value = field.value();
      std::size_t start = 0;
      while (start < value.size()) {
        auto semi = value.find(';', start);
        if (semi == std::string_view::npos) semi = value.size();
        std::string_view cookie = value.substr(start, semi - start);
        while (!cookie.empty() && cookie.front() == ' ') cookie.remove_prefix(1);
        if (!cookie.empty()) cookies.emplace_back(cookie);
        start = semi + 1;
      }
      continue;
    }
    // HTTP APIs join repeated headers with commas.
    auto& slot = headers[name];
    slot = slot.is_string()
               ? json::value(std::string(slot.as_string()) + "," + std::string(field.value()))
               : json::value(field.value());
  }
  json::object query;
  std::string_view raw_query = QueryOf(request);
  std::size_t start = 0;
  while (start < raw_query.size()) {
    auto amp = raw_query.find('&', start);
    if (amp == std::string_view::npos) amp = raw_query.size();
    std::string_view pair = raw_query.substr(start, amp - start);
    start = amp + 1;
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string key = PercentDecodeQuery(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : PercentDecodeQuery(pair.substr(eq + 1));
    auto& slot = query[key];
    slot = slot.is_string() ? json::value(std::string(slot.as_string()) + "," + value)
                            : json::value(value);
  }
  json::object path_parameters;
  for (const auto& [name, value] : context.path_parameters) path_parameters[name] = value;

  std::string domain(request[net::http::field::host]);
  if (auto colon = domain.rfind(':');
      colon != std::string::npos && domain.find(']', colon) == std::string::npos) {
    domain.resize(colon);
  }
  if (domain.empty()) domain = "localhost";
  const std::string route_key = std::string(request.method_string()) + " " + context.resource_path;
  const auto epoch_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(context.request_time.time_since_epoch())
          .count();
  json::object request_context{
      {"accountId", context.account_id},
      {"apiId", context.api_id},
      {"domainName", domain},
      {"domainPrefix", domain.substr(0, domain.find('.'))},
      {"http",
       {{"method", request.method_string()},
        {"path", PathOf(request)},
        {"protocol", request.version() == 10 ? "HTTP/1.0" : "HTTP/1.1"},
        {"sourceIp", context.source_ip},
        {"userAgent", request[net::http::field::user_agent]}}},
      {"requestId", context.request_id},
      {"routeKey", route_key},
      {"stage", context.stage},
      {"time", FormatRequestTime(context.request_time)},
      {"timeEpoch", static_cast<std::int64_t>(epoch_ms)},
  };

  json::object event;
  event["version"] = "2.0";
  event["type"] = "REQUEST";
  event["routeArn"] = input.method_arn;
  json::array identity;
  for (const auto& v : input.identity) identity.emplace_back(v);
  event["identitySource"] = std::move(identity);
  event["routeKey"] = route_key;
  event["rawPath"] = PathOf(request);
  event["rawQueryString"] = raw_query;
  if (!cookies.empty()) event["cookies"] = std::move(cookies);
  event["headers"] = std::move(headers);
  if (!query.empty()) event["queryStringParameters"] = std::move(query);
  event["requestContext"] = std::move(request_context);
  if (!path_parameters.empty()) event["pathParameters"] = std::move(path_parameters);
  return event;
}

}  // namespace

std::optional<std::vector<std::string>> IdentityValues(const AuthorizerConfig& authorizer,
                                                       const net::Request& request,
                                                       const ProxyEventContext& context) {
  std::vector<std::string> values;
  for (const auto& source : authorizer.identity_sources) {
    std::optional<std::string> value;
    switch (source.from) {
      case IdentitySource::From::kHeader:
        if (auto it = request.find(source.name); it != request.end()) {
          value = std::string(it->value());
        }
        break;
      case IdentitySource::From::kQueryString:
        value = QueryParameter(request, source.name);
        break;
      case IdentitySource::From::kStageVariable:
        break;  // stages carry no variables yet
      case IdentitySource::From::kContext:
        value = ContextVariable(source.name, request, context);
        break;
    }
    if (!value || value->empty()) return std::nullopt;
    values.push_back(std::move(*value));
  }
  return values;
}

std::string ExecuteApiArn(std::string_view region, const ProxyEventContext& context,
                          std::string_view method, std::string_view path) {
  if (path.starts_with('/')) path.remove_prefix(1);
  std::string arn = "arn:aws:execute-api:";
  arn += region;
  arn += ":" + context.account_id + ":" + context.api_id + "/" + context.stage + "/";
  arn += method;
  arn += "/";
  arn += path;
  return arn;
}

json::object BuildAuthorizerEvent(const AuthorizerEventInput& input) {
  const AuthorizerConfig& authorizer = input.authorizer;
  if (authorizer.type == AuthorizerType::kToken) {
    return {{"type", "TOKEN"},
            {"authorizationToken", input.identity.empty() ? "" : input.identity.front()},
            {"methodArn", input.method_arn}};
  }
  if (!authorizer.http_api) return RestRequestEvent(input);
  if (authorizer.payload_format_version == "2.0") return HttpRequestEventV2(input);
  return HttpRequestEventV1(input);
}

}  // namespace nimbus::gateway
