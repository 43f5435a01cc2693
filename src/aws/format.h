// Format("a {} b {}", x, y): "{}" placeholders filled in order with string-like arguments.
// g++ 12 has no <format>; this covers the messages this code builds.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace nimbus::aws {

inline std::string FormatList(std::string_view pattern,
                              std::initializer_list<std::string_view> args) {
  std::string out;
  auto arg = args.begin();
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}' && arg != args.end()) {
      out += *arg++;
      ++i;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

template <typename... Args>
std::string Format(std::string_view pattern, const Args&... args) {
  return FormatList(pattern, {std::string_view(args)...});
}

}  // namespace nimbus::aws
