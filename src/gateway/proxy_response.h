// Reads a Lambda proxy response (payload format 1.0) and turns it into the HTTP response
// API Gateway would send. Anything API Gateway would call a "Malformed Lambda proxy response"
// is an error value here; the caller answers it with a 502.
#pragma once

#include <boost/json/fwd.hpp>
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http.h"

namespace nimbus::gateway {

struct ProxyResponse {
  int status_code = 200;
  // headers and multiValueHeaders merged: a name in multiValueHeaders replaces the same name
  // in headers, as AWS documents.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // decoded if isBase64Encoded
};

// The error says what is malformed, for logs; it never reaches a client.
std::expected<ProxyResponse, std::string> ParseProxyResponse(std::string_view payload);

// A header value from a proxy response: a string without line breaks, or a number or boolean
// (AWS accepts `"Access-Control-Allow-Credentials": true`). The error says what is wrong.
std::expected<std::string, std::string> ProxyHeaderValue(const boost::json::value& value,
                                                         std::string_view name);

// Keep-alive and the HTTP version follow `request`. Content-Type defaults to application/json.
net::Response ToHttpResponse(ProxyResponse proxy, const net::Request& request);

}  // namespace nimbus::gateway
