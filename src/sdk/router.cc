#include "nimbus/sdk/router.h"

#include <algorithm>
#include <optional>
#include <set>

#include "aws/canonical.h"

namespace nimbus::sdk {
namespace {

using apigw::ProxyRequest;
using apigw::ProxyResponse;

// How a template segment matched: lower is more specific, so literals win over parameters and
// parameters over a greedy tail.
enum class Rank { kLiteral = 0, kParameter = 1, kGreedy = 2 };

struct Match {
  std::vector<Rank> ranks;
  apigw::StringMap parameters;
};

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) segments.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool IsParameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

std::optional<Match> MatchPath(const std::vector<std::string>& pattern,
                               const std::vector<std::string>& path) {
  Match match;
  for (size_t i = 0; i < pattern.size(); ++i) {
    std::string_view segment = pattern[i];
    if (IsParameter(segment) && segment.ends_with("+}")) {
      if (i != pattern.size() - 1 || path.size() <= i) return std::nullopt;
      std::string rest;
      for (size_t j = i; j < path.size(); ++j) rest += (j == i ? "" : "/") + path[j];
      match.parameters[std::string(segment.substr(1, segment.size() - 3))] =
          aws::sigv4::UriDecode(rest);
      match.ranks.push_back(Rank::kGreedy);
      return match;
    }
    if (i >= path.size()) return std::nullopt;
    if (IsParameter(segment)) {
      match.parameters[std::string(segment.substr(1, segment.size() - 2))] =
          aws::sigv4::UriDecode(path[i]);
      match.ranks.push_back(Rank::kParameter);
    } else if (segment == path[i]) {
      match.ranks.push_back(Rank::kLiteral);
    } else {
      return std::nullopt;
    }
  }
  if (path.size() != pattern.size()) return std::nullopt;
  return match;
}

bool MethodMatches(std::string_view route_method, std::string_view method) {
  return route_method == "ANY" || route_method == method;
}

ProxyResponse JsonMessage(int status, std::string_view message) {
  ProxyResponse response;
  response.status_code = status;
  response.headers["Content-Type"] = "application/json";
  response.body = "{\"message\":\"" + std::string(message) + "\"}";
  return response;
}

}  // namespace

Router& Router::Add(std::string method, std::string path_template, Handler handler) {
  std::ranges::transform(method, method.begin(), [](unsigned char c) { return std::toupper(c); });
  routes_.push_back({.method = std::move(method),
                     .segments = Split(path_template),
                     .path_template = std::move(path_template),
                     .handler = std::move(handler)});
  return *this;
}

ProxyResponse Router::Dispatch(const ProxyRequest& request) const {
  const std::vector<std::string> path = Split(request.path);
  const Route* best = nullptr;
  std::optional<Match> best_match;
  std::set<std::string> allowed;

  // API Gateway names the resource it matched; trust it when we know that template.
  for (const Route& route : routes_) {
    if (request.resource.empty() || route.path_template != request.resource) continue;
    allowed.insert(route.method);
    if (!MethodMatches(route.method, request.http_method)) continue;
    best = &route;
    best_match = MatchPath(route.segments, path);
    break;
  }
  if (best == nullptr && allowed.empty()) {
    for (const Route& route : routes_) {
      std::optional<Match> match = MatchPath(route.segments, path);
      if (!match) continue;
      allowed.insert(route.method);
      if (!MethodMatches(route.method, request.http_method)) continue;
      if (best == nullptr || match->ranks < best_match->ranks) {
        best = &route;
        best_match = std::move(match);
      }
    }
  }

  if (best == nullptr) {
    if (allowed.empty()) return JsonMessage(404, "Not Found");
    ProxyResponse response = JsonMessage(405, "Method Not Allowed");
    std::string allow;
    for (const std::string& method : allowed) allow += (allow.empty() ? "" : ", ") + method;
    response.headers["Allow"] = allow;
    return response;
  }
  if (!best_match || best_match->parameters.empty()) return best->handler(request);
  ProxyRequest routed = request;
  for (auto& [name, value] : best_match->parameters) routed.path_parameters[name] = value;
  return best->handler(routed);
}

}  // namespace nimbus::sdk
