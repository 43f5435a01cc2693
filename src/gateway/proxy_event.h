// Builds the Lambda proxy event (payload format 1.0) API Gateway REST APIs send, field for
// field and type for type as AWS does (see shared/fixtures/aws-events/apigw-request.json).
// A pure function: every id and the time are given, so tests compare whole events.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http.h"

namespace nimbus::gateway {

struct ProxyEventContext {
  std::string resource_path;  // the matched template: "/people/{id}"
  std::string resource_id;
  std::vector<std::pair<std::string, std::string>> path_parameters;
  std::string account_id;
  std::string api_id;
  std::string stage;
  std::string request_id;
  std::string extended_request_id;
  std::string trace_id;  // "Root=1-..."; added as X-Amzn-Trace-Id unless the client sent one
  std::chrono::system_clock::time_point request_time;
  std::string source_ip;
  unsigned short local_port = 0;  // for X-Forwarded-Port
  // requestContext.authorizer: written as is when non-empty (an authorizer's output).
  boost::json::object authorizer;
  std::string route_key;  // HTTP APIs: "GET /people/{id}" or "$default"
  // The stage's variables (stageVariables); null or empty: none. Outlives the call.
  const std::map<std::string, std::string>* stage_variables = nullptr;
  // x-amazon-apigateway-binary-media-types; null or empty: none configured. Outlives the call.
  const std::vector<std::string>* binary_media_types = nullptr;
  std::string_view forwarded_proto = "http";  // "https" behind a custom domain
  std::string api_key;  // identity.apiKey/apiKeyId when the method required a key; else null
  std::string api_key_id;
};

// The request's host without its port (requestContext.domainName); "localhost" if none.
std::string DomainOf(const net::Request& request);

boost::json::value BuildProxyEventV1(const net::Request& request, const ProxyEventContext& context);

// True for bodies API Gateway passes as text: JSON, text/*, XML, form-urlencoded. Anything else
// is passed base64-encoded.
bool IsTextContentType(std::string_view content_type);

// True if `content_type` matches one of the binary media types ("image/png", "image/*",
// "*/*"), parameters ignored, case-insensitively.
bool MatchesMediaType(std::string_view content_type, const std::vector<std::string>& types);

// stageVariables as the events carry them: an object, or null when there are none.
boost::json::value StageVariablesJson(const ProxyEventContext& context);

// "09/Apr/2015:12:34:56 +0000", as requestContext.requestTime.
std::string FormatRequestTime(std::chrono::system_clock::time_point time);

}  // namespace nimbus::gateway
