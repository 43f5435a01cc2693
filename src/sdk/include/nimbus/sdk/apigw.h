// API Gateway Lambda proxy payloads: REST API (v1.0) and HTTP API (v2.0) requests and responses,
// field for field as API Gateway delivers and expects them.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nimbus::sdk::apigw {

using StringMap = std::map<std::string, std::string>;
using MultiStringMap = std::map<std::string, std::vector<std::string>>;

// requestContext of a REST API (v1) event. Fields not listed stay available in `raw`.
struct ProxyRequestContext {
  std::string account_id;
  std::string api_id;
  std::string resource_id;
  std::string resource_path;
  std::string stage;
  std::string request_id;
  std::string http_method;
  std::string path;
  std::string protocol;
  std::string source_ip;           // identity.sourceIp
  std::string user_agent;          // identity.userAgent
  boost::json::object authorizer;  // context passed by an authorizer, if any
  boost::json::object raw;
};

// A REST API (payload format 1.0) proxy event.
struct ProxyRequest {
  std::string resource;  // the matched resource template, e.g. "/people/{personId}"
  std::string path;
  std::string http_method;
  StringMap headers;
  MultiStringMap multi_value_headers;
  StringMap query_string_parameters;
  MultiStringMap multi_value_query_string_parameters;
  StringMap path_parameters;
  StringMap stage_variables;
  ProxyRequestContext request_context;
  std::optional<std::string> body;  // as sent: base64 text when is_base64_encoded
  bool is_base64_encoded = false;

  static std::expected<ProxyRequest, std::string> FromJson(const boost::json::value& event);
  // Case-insensitive header lookup, as HTTP header names are.
  std::optional<std::string_view> Header(std::string_view name) const;
  std::optional<std::string_view> PathParameter(std::string_view name) const;
  std::optional<std::string_view> QueryParameter(std::string_view name) const;
  // The body as the client sent it, base64 decoded when is_base64_encoded; empty when there
  // is none; nullopt when the base64 is malformed.
  std::optional<std::string> DecodedBody() const;
};

// The response a REST API proxy integration returns.
struct ProxyResponse {
  int status_code = 200;
  StringMap headers;
  MultiStringMap multi_value_headers;
  std::string body;
  bool is_base64_encoded = false;

  boost::json::value ToJson() const;
  static std::expected<ProxyResponse, std::string> FromJson(const boost::json::value& response);
};

// requestContext of an HTTP API (v2) event.
struct HttpApiRequestContext {
  std::string account_id;
  std::string api_id;
  std::string domain_name;
  std::string domain_prefix;
  std::string request_id;
  std::string route_key;
  std::string stage;
  std::string time;
  long long time_epoch = 0;
  std::string http_method;  // http.method
  std::string http_path;    // http.path
  std::string protocol;     // http.protocol
  std::string source_ip;    // http.sourceIp
  std::string user_agent;   // http.userAgent
  boost::json::object authorizer;
  boost::json::object raw;
};

// An HTTP API (payload format 2.0) event.
struct HttpApiRequest {
  std::string version;
  std::string route_key;
  std::string raw_path;
  std::string raw_query_string;
  std::vector<std::string> cookies;
  StringMap headers;  // names lower-cased, repeated values joined by commas
  StringMap query_string_parameters;
  StringMap path_parameters;
  StringMap stage_variables;
  HttpApiRequestContext request_context;
  std::optional<std::string> body;
  bool is_base64_encoded = false;

  static std::expected<HttpApiRequest, std::string> FromJson(const boost::json::value& event);
  std::optional<std::string_view> Header(std::string_view name) const;
};

struct HttpApiResponse {
  int status_code = 200;
  StringMap headers;
  std::vector<std::string> cookies;
  std::string body;
  bool is_base64_encoded = false;

  boost::json::value ToJson() const;
};

}  // namespace nimbus::sdk::apigw
