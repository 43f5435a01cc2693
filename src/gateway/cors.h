// The CORS stage (`x-amazon-apigateway-cors`, as HTTP APIs have it): the gateway answers
// preflight OPTIONS requests itself, for any path, and puts the configured Access-Control-*
// headers on every other response to an allowed origin: integration responses (whose own
// CORS headers it drops) and its own error responses alike. Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "gateway/api_front.h"
#include "net/http.h"

namespace nimbus::gateway {

// An OPTIONS request with Origin and Access-Control-Request-Method.
bool IsPreflight(const net::Request& request);

// 204 with the Access-Control-* headers if the origin, method and headers asked for are
// allowed; 204 without them otherwise (the browser then refuses the request).
net::Response PreflightResponse(const CorsConfig& cors, const net::Request& request);

// Replaces any Access-Control-* headers of `response` with the configured ones when `origin`
// (the request's Origin header) is allowed.
void ApplyCors(const CorsConfig& cors, std::string_view origin, net::Response& response);

}  // namespace nimbus::gateway
