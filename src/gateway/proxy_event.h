// Builds the Lambda proxy event (payload format 1.0) API Gateway REST APIs send, field for
// field and type for type as AWS does (see shared/fixtures/aws-events/apigw-request.json).
// A pure function: every id and the time are given, so tests compare whole events.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <string>
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
  // What goes under requestContext.authorizer, in the shape of the integration's payload
  // version (see authorizers.h); empty: the method has no authorizer and the key is left out.
  boost::json::object authorizer;
};

boost::json::value BuildProxyEventV1(const net::Request& request, const ProxyEventContext& context);

// True for bodies API Gateway passes as text: JSON, text/*, XML, form-urlencoded. Anything else
// is passed base64-encoded.
bool IsTextContentType(std::string_view content_type);

// "09/Apr/2015:12:34:56 +0000", as requestContext.requestTime.
std::string FormatRequestTime(std::chrono::system_clock::time_point time);

}  // namespace nimbus::gateway
