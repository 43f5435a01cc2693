#include "gateway/router.h"

#include <map>
#include <set>

namespace nimbus::gateway {

struct Router::Node {
  const Resource* resource = nullptr;
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::string param_name;  // of the `{param}` child
  std::unique_ptr<Node> param;
  std::string greedy_name;  // of the `{name+}` child, which always ends the template
  const Resource* greedy = nullptr;
};

namespace {

bool IsParamNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

std::vector<std::string_view> SplitRequestPath(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  // API Gateway treats "/people/" as "/people".
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return segments;
  std::size_t start = 0;
  while (true) {
    auto slash = path.find('/', start);
    segments.push_back(path.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

using Params = std::vector<std::pair<std::string, std::string>>;

const Resource* MatchFrom(const Router::Node& node, const std::vector<std::string_view>& segments,
                          std::size_t i, Params& params) {
  if (i == segments.size()) return node.resource;
  if (auto it = node.literals.find(segments[i]); it != node.literals.end()) {
    if (auto* found = MatchFrom(*it->second, segments, i + 1, params)) return found;
  }
  if (node.param && !segments[i].empty()) {
    params.emplace_back(node.param_name, std::string(segments[i]));
    if (auto* found = MatchFrom(*node.param, segments, i + 1, params)) return found;
    params.pop_back();
  }
  if (node.greedy) {
    std::string rest(segments[i]);
    for (std::size_t k = i + 1; k < segments.size(); ++k) rest.append("/").append(segments[k]);
    params.emplace_back(node.greedy_name, std::move(rest));
    return node.greedy;
  }
  return nullptr;
}

}  // namespace

std::expected<std::vector<std::string>, std::string> ParsePathTemplate(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::unexpected("a path must start with '/'");
  std::vector<std::string> segments;
  if (path == "/") return segments;
  std::set<std::string, std::less<>> names;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    auto segment = path.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (segment.empty()) return std::unexpected("empty path segment");
    bool last = slash == std::string_view::npos;
    auto open = segment.find('{');
    auto close = segment.find('}');
    if (open != std::string_view::npos || close != std::string_view::npos) {
      if (open != 0 || close != segment.size() - 1) {
        return std::unexpected("a path parameter must be a whole segment: " + std::string(segment));
      }
      auto name = segment.substr(1, segment.size() - 2);
      bool greedy = !name.empty() && name.back() == '+';
      if (greedy) name.remove_suffix(1);
      if (name.empty()) return std::unexpected("empty path parameter name");
      for (char c : name) {
        if (!IsParamNameChar(c)) {
          return std::unexpected("invalid path parameter name: " + std::string(name));
        }
      }
      if (greedy && !last) {
        return std::unexpected("a greedy path parameter must be the last segment: " +
                               std::string(segment));
      }
      if (!names.emplace(name).second) {
        return std::unexpected("duplicate path parameter: " + std::string(name));
      }
    }
    segments.emplace_back(segment);
    if (last) break;
    start = slash + 1;
  }
  return segments;
}

std::expected<Router, std::string> Router::Build(const Api& api) {
  auto root = std::make_unique<Node>();
  for (const Resource& resource : api.resources) {
    auto segments = ParsePathTemplate(resource.path);
    if (!segments) return std::unexpected(resource.path + ": " + segments.error());
    Node* node = root.get();
    for (const std::string& segment : *segments) {
      if (segment.front() != '{') {
        auto& child = node->literals[segment];
        if (!child) child = std::make_unique<Node>();
        node = child.get();
        continue;
      }
      // API Gateway allows one variable child per resource: "/{a}" and "/{b}" conflict.
      bool greedy = segment[segment.size() - 2] == '+';
      std::string name = segment.substr(1, segment.size() - (greedy ? 3 : 2));
      const std::string& existing = node->param ? node->param_name : node->greedy_name;
      if ((node->param || node->greedy) && existing != name) {
        return std::unexpected(resource.path + ": conflicts with the sibling path parameter {" +
                               existing + "}");
      }
      if (greedy) {
        if (node->greedy) return std::unexpected(resource.path + ": duplicate resource");
        node->greedy_name = name;
        node->greedy = &resource;
        node = nullptr;
        break;
      }
      if (!node->param) node->param = std::make_unique<Node>();
      node->param_name = name;
      node = node->param.get();
    }
    if (node != nullptr) {
      if (node->resource) return std::unexpected(resource.path + ": duplicate resource");
      node->resource = &resource;
    }
  }
  return Router(std::move(root));
}

Router::Router(std::unique_ptr<Node> root) : root_(std::move(root)) {}
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;
Router::~Router() = default;

std::optional<RouteMatch> Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch match;
  match.resource = MatchFrom(*root_, SplitRequestPath(path), 0, match.path_parameters);
  if (match.resource == nullptr) return std::nullopt;
  const auto& methods = match.resource->methods;
  auto it = methods.find(std::string(method));
  if (it == methods.end()) it = methods.find("ANY");
  if (it != methods.end()) match.method = &it->second;
  return match;
}

}  // namespace nimbus::gateway
