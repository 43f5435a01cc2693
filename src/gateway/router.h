// Matches a request path and method to a resource and method of an Api, as API Gateway REST
// APIs do: literal segments win over `{param}`, which wins over a greedy `{name+}`; a method
// matches exactly, else `ANY`. Path parameters keep their percent-encoding (REST APIs pass
// them to the function undecoded).
//
// REQUIRES: the Api outlives the Router (it points into it). Thread-safe after Build.
#pragma once

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gateway/api.h"

namespace nimbus::gateway {

struct RouteMatch {
  const Resource* resource = nullptr;
  const Method* method = nullptr;  // null: the resource matched but has no such method
  std::vector<std::pair<std::string, std::string>> path_parameters;
};

class Router {
 public:
  // Errors name the offending template: "/a/{x}: ..." (conflicting siblings, bad segments).
  static std::expected<Router, std::string> Build(const Api& api);

  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;
  ~Router();

  // `path` is the request target's path, without the query string. nullopt: no resource.
  std::optional<RouteMatch> Match(std::string_view method, std::string_view path) const;

  struct Node;

 private:
  explicit Router(std::unique_ptr<Node> root);
  std::unique_ptr<Node> root_;
};

// Checks one path template ("/people/{id}") and splits it into segments. The error says why.
std::expected<std::vector<std::string>, std::string> ParsePathTemplate(std::string_view path);

}  // namespace nimbus::gateway
