// Reads a Lambda response under payload format 2.0 (HTTP APIs). A JSON object with a
// statusCode is a structured response (statusCode, headers, cookies, body, isBase64Encoded;
// each cookie becomes a Set-Cookie header). Any other valid JSON is a simple response that AWS
// infers: 200, application/json, the value as the body (a JSON string's text, anything else as
// returned). What is not JSON, or a structured response with mistyped members, is an error:
// the caller answers 500.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "gateway/proxy_response.h"

namespace nimbus::gateway {

std::expected<ProxyResponse, std::string> ParseProxyResponseV2(std::string_view payload);

}  // namespace nimbus::gateway
