// HTTP API (payload format 2.0) events and responses.
#include <algorithm>
#include <boost/json/array.hpp>
#include <cctype>

#include "json_fields.h"
#include "nimbus/sdk/apigw.h"

namespace nimbus::sdk::apigw {
namespace jf = json_fields;

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

HttpApiRequestContext ParseContext(const boost::json::object& context) {
  const boost::json::object& http = jf::Object(context, "http");
  return {.account_id = jf::String(context, "accountId"),
          .api_id = jf::String(context, "apiId"),
          .domain_name = jf::String(context, "domainName"),
          .domain_prefix = jf::String(context, "domainPrefix"),
          .request_id = jf::String(context, "requestId"),
          .route_key = jf::String(context, "routeKey"),
          .stage = jf::String(context, "stage"),
          .time = jf::String(context, "time"),
          .time_epoch = jf::Integer(context, "timeEpoch"),
          .http_method = jf::String(http, "method"),
          .http_path = jf::String(http, "path"),
          .protocol = jf::String(http, "protocol"),
          .source_ip = jf::String(http, "sourceIp"),
          .user_agent = jf::String(http, "userAgent"),
          .authorizer = jf::Object(context, "authorizer"),
          .raw = context};
}

}  // namespace

std::expected<HttpApiRequest, std::string> HttpApiRequest::FromJson(
    const boost::json::value& event) {
  if (!event.is_object()) return std::unexpected("the event is not a JSON object");
  const boost::json::object& object = event.get_object();
  HttpApiRequest request;
  request.version = jf::String(object, "version");
  if (request.version != "2.0") {
    return std::unexpected("the event is not an HTTP API 2.0 event (version '" + request.version +
                           "')");
  }
  request.route_key = jf::String(object, "routeKey");
  request.raw_path = jf::String(object, "rawPath");
  request.raw_query_string = jf::String(object, "rawQueryString");
  if (const boost::json::value* cookies = object.if_contains("cookies");
      cookies != nullptr && cookies->is_array()) {
    for (const boost::json::value& cookie : cookies->get_array()) {
      if (cookie.is_string()) request.cookies.emplace_back(cookie.get_string());
    }
  }
  auto headers = jf::StringMap(object, "headers");
  if (!headers) return std::unexpected(headers.error());
  for (auto& [name, value] : *headers) {
    std::string& joined = request.headers[Lower(name)];
    joined = joined.empty() ? value : joined + "," + value;
  }
  auto query = jf::StringMap(object, "queryStringParameters");
  if (!query) return std::unexpected(query.error());
  auto path_parameters = jf::StringMap(object, "pathParameters");
  if (!path_parameters) return std::unexpected(path_parameters.error());
  auto stage_variables = jf::StringMap(object, "stageVariables");
  if (!stage_variables) return std::unexpected(stage_variables.error());
  request.query_string_parameters = std::move(*query);
  request.path_parameters = std::move(*path_parameters);
  request.stage_variables = std::move(*stage_variables);
  request.request_context = ParseContext(jf::Object(object, "requestContext"));
  if (const boost::json::value* body = object.if_contains("body");
      body != nullptr && body->is_string()) {
    request.body = std::string(body->get_string());
  }
  request.is_base64_encoded = jf::Bool(object, "isBase64Encoded");
  return request;
}

std::optional<std::string_view> HttpApiRequest::Header(std::string_view name) const {
  auto it = headers.find(Lower(name));
  if (it == headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

boost::json::value HttpApiResponse::ToJson() const {
  boost::json::object object;
  object["statusCode"] = status_code;
  object["headers"] = jf::ToObject(headers);
  if (!cookies.empty()) {
    boost::json::array array;
    for (const std::string& cookie : cookies) array.emplace_back(cookie);
    object["cookies"] = std::move(array);
  }
  object["body"] = body;
  object["isBase64Encoded"] = is_base64_encoded;
  return object;
}

}  // namespace nimbus::sdk::apigw
