#include "dynamodb/document_path.h"

#include <algorithm>

namespace nimbus::dynamodb {

std::string PathToString(const Path& path) {
  std::string out;
  for (const auto& e : path) {
    if (e.IsIndex()) {
      out += "[" + std::to_string(e.index) + "]";
    } else {
      out += (out.empty() ? "" : ".") + e.name;
    }
  }
  return out;
}

std::string PathForMessage(const Path& path) {
  std::string out = "[";
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) out += ", ";
    out += path[i].IsIndex() ? "[" + std::to_string(path[i].index) + "]" : path[i].name;
  }
  return out + "]";
}

Result<void> CheckNoOverlap(const std::vector<const Path*>& paths, std::string_view what) {
  for (std::size_t i = 0; i < paths.size(); ++i) {
    for (std::size_t j = i + 1; j < paths.size(); ++j) {
      const Path& a = *paths[i];
      const Path& b = *paths[j];
      std::size_t n = std::min(a.size(), b.size());
      if (std::equal(a.begin(), a.begin() + n, b.begin())) {
        return std::unexpected(ValidationError(
            "Invalid " + std::string(what) +
            ": Two document paths overlap with each other; must remove or rewrite one of these "
            "paths; path one: " +
            PathForMessage(a) + ", path two: " + PathForMessage(b)));
      }
    }
  }
  return {};
}

}  // namespace nimbus::dynamodb
