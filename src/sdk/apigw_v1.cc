// REST API (payload format 1.0) events and responses.
#include <boost/beast/core/string.hpp>

#include "json_fields.h"
#include "nimbus/sdk/apigw.h"
#include "nimbus/sdk/base64.h"

namespace nimbus::sdk::apigw {
namespace jf = json_fields;

namespace {

std::optional<std::string_view> Find(const StringMap& map, std::string_view name) {
  auto it = map.find(std::string(name));
  if (it == map.end()) return std::nullopt;
  return std::string_view(it->second);
}

ProxyRequestContext ParseContext(const boost::json::object& context) {
  const boost::json::object& identity = jf::Object(context, "identity");
  return {.account_id = jf::String(context, "accountId"),
          .api_id = jf::String(context, "apiId"),
          .resource_id = jf::String(context, "resourceId"),
          .resource_path = jf::String(context, "resourcePath"),
          .stage = jf::String(context, "stage"),
          .request_id = jf::String(context, "requestId"),
          .http_method = jf::String(context, "httpMethod"),
          .path = jf::String(context, "path"),
          .protocol = jf::String(context, "protocol"),
          .source_ip = jf::String(identity, "sourceIp"),
          .user_agent = jf::String(identity, "userAgent"),
          .authorizer = jf::Object(context, "authorizer"),
          .raw = context};
}

}  // namespace

std::expected<ProxyRequest, std::string> ProxyRequest::FromJson(const boost::json::value& event) {
  if (!event.is_object()) return std::unexpected("the event is not a JSON object");
  const boost::json::object& object = event.get_object();
  if (!object.contains("httpMethod")) return std::unexpected("the event has no httpMethod");

  ProxyRequest request;
  request.resource = jf::String(object, "resource");
  request.path = jf::String(object, "path");
  request.http_method = jf::String(object, "httpMethod");
  auto headers = jf::StringMap(object, "headers");
  auto multi_headers = jf::MultiStringMap(object, "multiValueHeaders");
  auto query = jf::StringMap(object, "queryStringParameters");
  auto multi_query = jf::MultiStringMap(object, "multiValueQueryStringParameters");
  auto path_parameters = jf::StringMap(object, "pathParameters");
  auto stage_variables = jf::StringMap(object, "stageVariables");
  if (!headers) return std::unexpected(headers.error());
  if (!multi_headers) return std::unexpected(multi_headers.error());
  if (!query) return std::unexpected(query.error());
  if (!multi_query) return std::unexpected(multi_query.error());
  if (!path_parameters) return std::unexpected(path_parameters.error());
  if (!stage_variables) return std::unexpected(stage_variables.error());
  request.headers = std::move(*headers);
  request.multi_value_headers = std::move(*multi_headers);
  request.query_string_parameters = std::move(*query);
  request.multi_value_query_string_parameters = std::move(*multi_query);
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

std::optional<std::string> ProxyRequest::DecodedBody() const {
  if (!body) return std::string();
  if (!is_base64_encoded) return *body;
  return DecodeBase64(*body);
}

std::optional<std::string_view> ProxyRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (boost::beast::iequals(key, name)) return std::string_view(value);
  }
  for (const auto& [key, values] : multi_value_headers) {
    if (boost::beast::iequals(key, name) && !values.empty()) return std::string_view(values.back());
  }
  return std::nullopt;
}

std::optional<std::string_view> ProxyRequest::PathParameter(std::string_view name) const {
  return Find(path_parameters, name);
}

std::optional<std::string_view> ProxyRequest::QueryParameter(std::string_view name) const {
  if (auto value = Find(query_string_parameters, name)) return value;
  auto it = multi_value_query_string_parameters.find(std::string(name));
  if (it == multi_value_query_string_parameters.end() || it->second.empty()) return std::nullopt;
  return std::string_view(it->second.back());
}

boost::json::value ProxyResponse::ToJson() const {
  boost::json::object object;
  object["statusCode"] = status_code;
  object["headers"] = jf::ToObject(headers);
  if (!multi_value_headers.empty()) object["multiValueHeaders"] = jf::ToObject(multi_value_headers);
  object["body"] = body;
  object["isBase64Encoded"] = is_base64_encoded;
  return object;
}

std::expected<ProxyResponse, std::string> ProxyResponse::FromJson(const boost::json::value& value) {
  if (!value.is_object()) return std::unexpected("the response is not a JSON object");
  const boost::json::object& object = value.get_object();
  ProxyResponse response;
  const boost::json::value* status = object.if_contains("statusCode");
  if (status == nullptr) return std::unexpected("the response has no statusCode");
  if (status->is_int64()) {
    response.status_code = static_cast<int>(status->get_int64());
  } else if (status->is_uint64()) {
    response.status_code = static_cast<int>(status->get_uint64());
  } else if (status->is_string()) {
    // API Gateway accepts "200" as well as 200.
    try {
      response.status_code = std::stoi(std::string(status->get_string()));
    } catch (const std::exception&) {
      return std::unexpected("statusCode is not a number");
    }
  } else {
    return std::unexpected("statusCode is not a number");
  }
  auto headers = jf::StringMap(object, "headers");
  if (!headers) return std::unexpected(headers.error());
  auto multi_headers = jf::MultiStringMap(object, "multiValueHeaders");
  if (!multi_headers) return std::unexpected(multi_headers.error());
  response.headers = std::move(*headers);
  response.multi_value_headers = std::move(*multi_headers);
  response.body = jf::String(object, "body");
  response.is_base64_encoded = jf::Bool(object, "isBase64Encoded");
  return response;
}

}  // namespace nimbus::sdk::apigw
