#include "gateway/cors.h"

#include <algorithm>
#include <boost/algorithm/string/predicate.hpp>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

namespace nimbus::gateway {

namespace {

constexpr std::string_view kAny = "*";

bool Lists(const std::vector<std::string>& list, std::string_view value) {
  return std::ranges::any_of(list, [&](const std::string& item) {
    return item == kAny || boost::algorithm::iequals(item, value);
  });
}

std::string Join(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& item : list) out += (out.empty() ? "" : ",") + item;
  return out;
}

// The Access-Control-Allow-Origin value for this request; nullopt: not an allowed origin.
std::optional<std::string> AllowedOrigin(const CorsConfig& cors, std::string_view origin) {
  if (origin.empty()) return std::nullopt;
  for (const auto& allowed : cors.allow_origins) {
    if (allowed == kAny) return std::string(kAny);
    if (boost::algorithm::iequals(allowed, origin)) return std::string(origin);
  }
  return std::nullopt;
}

bool HeadersAllowed(const CorsConfig& cors, std::string_view requested) {
  while (!requested.empty()) {
    auto comma = requested.find(',');
    std::string_view name = requested.substr(0, comma);
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front()))) {
      name.remove_prefix(1);
    }
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) {
      name.remove_suffix(1);
    }
    if (!name.empty() && !Lists(cors.allow_headers, name)) return false;
    if (comma == std::string_view::npos) break;
    requested.remove_prefix(comma + 1);
  }
  return true;
}

void RemoveCorsHeaders(net::Response& response) {
  for (auto it = response.begin(); it != response.end();) {
    if (boost::algorithm::istarts_with(it->name_string(), "access-control-")) {
      it = response.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace

bool IsPreflight(const net::Request& request) {
  return request.method() == net::http::verb::options &&
         request.find(net::http::field::origin) != request.end() &&
         request.find(net::http::field::access_control_request_method) != request.end();
}

net::Response PreflightResponse(const CorsConfig& cors, const net::Request& request) {
  net::Response response{net::http::status::no_content, request.version()};
  response.keep_alive(request.keep_alive());
  auto origin = AllowedOrigin(cors, request[net::http::field::origin]);
  if (origin &&
      Lists(cors.allow_methods, request[net::http::field::access_control_request_method]) &&
      HeadersAllowed(cors, request[net::http::field::access_control_request_headers])) {
    response.set(net::http::field::access_control_allow_origin, *origin);
    if (!cors.allow_methods.empty()) {
      response.set(net::http::field::access_control_allow_methods, Join(cors.allow_methods));
    }
    if (!cors.allow_headers.empty()) {
      response.set(net::http::field::access_control_allow_headers, Join(cors.allow_headers));
    }
    if (cors.max_age) {
      response.set(net::http::field::access_control_max_age, std::to_string(cors.max_age->count()));
    }
    if (cors.allow_credentials) {
      response.set(net::http::field::access_control_allow_credentials, "true");
    }
  }
  response.prepare_payload();
  return response;
}

void ApplyCors(const CorsConfig& cors, std::string_view origin, net::Response& response) {
  RemoveCorsHeaders(response);
  auto allowed = AllowedOrigin(cors, origin);
  if (!allowed) return;
  response.set(net::http::field::access_control_allow_origin, *allowed);
  if (!cors.expose_headers.empty()) {
    response.set(net::http::field::access_control_expose_headers, Join(cors.expose_headers));
  }
  if (cors.allow_credentials) {
    response.set(net::http::field::access_control_allow_credentials, "true");
  }
}

}  // namespace nimbus::gateway
