#include "events/event_pattern.h"

#include <arpa/inet.h>

#include <array>
#include <boost/json/parse.hpp>
#include <cstring>
#include <optional>
#include <vector>

namespace nimbus::events {
namespace {

namespace json = boost::json;
using Reason = std::optional<std::string>;  // set: why the pattern is not valid

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::optional<double> AsNumber(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  if (v.is_double()) return v.get_double();
  return std::nullopt;
}

bool IsLiteral(const json::value& v) {
  return v.is_string() || v.is_number() || v.is_bool() || v.is_null();
}

// '*' matches any run of characters; "\*" is a literal star.
bool WildcardMatch(std::string_view pattern, std::string_view text) {
  std::vector<std::pair<bool, char>> tokens;  // (is_star, literal)
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 1 < pattern.size()) {
      tokens.emplace_back(false, pattern[++i]);
    } else {
      tokens.emplace_back(pattern[i] == '*', pattern[i]);
    }
  }
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < tokens.size() && !tokens[p].first && tokens[p].second == text[t]) {
      ++p, ++t;
    } else if (p < tokens.size() && tokens[p].first) {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < tokens.size() && tokens[p].first) ++p;
  return p == tokens.size();
}

struct Cidr {
  int family = AF_INET;
  std::array<unsigned char, 16> address{};
  int prefix_bits = 0;
};

std::optional<Cidr> ParseCidr(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  Cidr cidr;
  std::string address(text.substr(0, slash));
  cidr.family = address.find(':') == std::string::npos ? AF_INET : AF_INET6;
  if (inet_pton(cidr.family, address.c_str(), cidr.address.data()) != 1) return std::nullopt;
  const int max_bits = cidr.family == AF_INET ? 32 : 128;
  auto bits = text.substr(slash + 1);
  if (bits.empty() || bits.size() > 3) return std::nullopt;
  int n = 0;
  for (char c : bits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n > max_bits) return std::nullopt;
  cidr.prefix_bits = n;
  return cidr;
}

bool InCidr(const Cidr& cidr, std::string_view ip) {
  std::array<unsigned char, 16> address{};
  std::string text(ip);
  if (inet_pton(cidr.family, text.c_str(), address.data()) != 1) return false;
  int bits = cidr.prefix_bits;
  for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
    const unsigned mask = bits >= 8 ? 0xFFu : (0xFFu << (8 - bits)) & 0xFFu;
    if ((address[i] & mask) != (cidr.address[i] & mask)) return false;
  }
  return true;
}

// ---- validation -------------------------------------------------------------------------

Reason CheckStringOrIgnoreCase(std::string_view op, const json::value& v) {
  if (v.is_string()) return std::nullopt;
  if (v.is_object() && v.as_object().size() == 1 && v.as_object().contains("equals-ignore-case") &&
      v.as_object().at("equals-ignore-case").is_string()) {
    return std::nullopt;
  }
  return Quoted(op) + " match pattern must be a string";
}

Reason CheckNumeric(const json::value& v) {
  if (!v.is_array() || v.as_array().empty())
    return std::string("Value of numeric must be an array.");
  const auto& a = v.as_array();
  if (a.size() % 2 != 0)
    return std::string("Value of numeric must be an array of operator, number pairs.");
  bool lower = false, upper = false, equals = false;
  for (std::size_t i = 0; i < a.size(); i += 2) {
    if (!a[i].is_string()) return std::string("Invalid member in numeric match: expected operator");
    const auto op = std::string_view(a[i].as_string());
    if (!AsNumber(a[i + 1])) return std::string("Value of " + std::string(op) + " must be numeric");
    if (op == "=") {
      equals = true;
    } else if (op == ">" || op == ">=") {
      if (lower) return std::string("Invalid member in numeric match: duplicate lower bound");
      lower = true;
    } else if (op == "<" || op == "<=") {
      if (upper) return std::string("Invalid member in numeric match: duplicate upper bound");
      upper = true;
    } else {
      return "Unrecognized numeric range operator: " + std::string(op);
    }
  }
  if (equals && a.size() != 2) return std::string("Invalid member in numeric match: =");
  return std::nullopt;
}

Reason CheckAnythingBut(const json::value& v) {
  if (IsLiteral(v) && !v.is_null()) return std::nullopt;
  if (v.is_array()) {
    for (const auto& e : v.as_array()) {
      if (!e.is_string() && !e.is_number()) {
        return std::string("Inside anything but list, start|null|boolean is not supported.");
      }
    }
    return std::nullopt;
  }
  if (v.is_object() && v.as_object().size() == 1) {
    const auto& [key, inner] = *v.as_object().begin();
    if (key == "prefix" || key == "suffix") {
      if (inner.is_string()) return std::nullopt;
      return Quoted(key) + " match pattern must be a string";
    }
    if (key == "equals-ignore-case" || key == "wildcard") {
      if (inner.is_string()) return std::nullopt;
      if (inner.is_array()) {
        for (const auto& e : inner.as_array()) {
          if (!e.is_string()) return Quoted(key) + " must be a string or an array of strings";
        }
        return std::nullopt;
      }
      return Quoted(key) + " must be a string or an array of strings";
    }
    return "Unsupported anything-but pattern: " + std::string(key);
  }
  return std::string("Value of anything-but must be an array or single string/number value.");
}

Reason CheckMatcher(const json::value& m) {
  if (IsLiteral(m)) return std::nullopt;
  if (!m.is_object())
    return std::string("Match value must be String, number, true, false, or null");
  const auto& o = m.as_object();
  if (o.size() != 1) return std::string("Only one key allowed in match expression");
  const auto& [key, v] = *o.begin();
  if (key == "prefix" || key == "suffix") return CheckStringOrIgnoreCase(key, v);
  if (key == "equals-ignore-case" || key == "wildcard") {
    if (!v.is_string()) return Quoted(key) + " match pattern must be a string";
    if (key == "wildcard" && std::string_view(v.as_string()).find("**") != std::string_view::npos) {
      return std::string("Consecutive wildcard characters at pos ") +
             std::to_string(std::string_view(v.as_string()).find("**") + 1);
    }
    return std::nullopt;
  }
  if (key == "exists") {
    if (!v.is_bool()) return std::string("exists match pattern must be either true or false.");
    return std::nullopt;
  }
  if (key == "numeric") return CheckNumeric(v);
  if (key == "anything-but") return CheckAnythingBut(v);
  if (key == "cidr") {
    if (!v.is_string() || !ParseCidr(v.as_string())) {
      return std::string("Malformed CIDR, one '/' required");
    }
    return std::nullopt;
  }
  return "Unrecognized match type " + std::string(key);
}

Reason CheckObject(const json::object& pattern) {
  for (const auto& [key, value] : pattern) {
    if (key == "$or") {
      if (!value.is_array() || value.as_array().size() < 2) {
        return std::string("Value of $or must be an array of at least two objects");
      }
      for (const auto& alternative : value.as_array()) {
        if (!alternative.is_object())
          return std::string("Value of $or must be an array of objects");
        if (auto r = CheckObject(alternative.as_object())) return r;
      }
    } else if (value.is_object()) {
      if (auto r = CheckObject(value.as_object())) return r;
    } else if (value.is_array()) {
      for (const auto& m : value.as_array()) {
        if (auto r = CheckMatcher(m)) return r;
      }
    } else {
      return Quoted(key) + " must be an object or an array";
    }
  }
  return std::nullopt;
}

// ---- matching ---------------------------------------------------------------------------

bool LiteralEquals(const json::value& pattern, const json::value& v) {
  if (pattern.is_number()) {
    auto a = AsNumber(pattern), b = AsNumber(v);
    return b && *a == *b;
  }
  return pattern == v;
}

bool MatchesNumeric(const json::array& conditions, const json::value& v) {
  auto number = AsNumber(v);
  if (!number) return false;
  for (std::size_t i = 0; i < conditions.size(); i += 2) {
    const auto op = std::string_view(conditions[i].as_string());
    const double bound = *AsNumber(conditions[i + 1]);
    const double x = *number;
    const bool ok = op == "="    ? x == bound
                    : op == ">"  ? x > bound
                    : op == ">=" ? x >= bound
                    : op == "<"  ? x < bound
                                 : x <= bound;
    if (!ok) return false;
  }
  return true;
}

// prefix/suffix with a plain string or {"equals-ignore-case": s}.
bool MatchesAffix(bool prefix, const json::value& spec, const json::value& v) {
  if (!v.is_string()) return false;
  std::string text(v.as_string());
  std::string affix;
  if (spec.is_string()) {
    affix = spec.as_string();
  } else {
    affix = Lower(spec.as_object().at("equals-ignore-case").as_string());
    text = Lower(text);
  }
  return prefix ? text.starts_with(affix) : text.ends_with(affix);
}

bool AnyString(const json::value& spec, const auto& test) {
  if (spec.is_string()) return test(std::string_view(spec.as_string()));
  for (const auto& e : spec.as_array()) {
    if (test(std::string_view(e.as_string()))) return true;
  }
  return false;
}

bool MatchesAnythingBut(const json::value& spec, const json::value& v) {
  if (spec.is_object()) {
    const auto& [key, inner] = *spec.as_object().begin();
    if (!v.is_string()) return false;
    const std::string_view text = v.as_string();
    if (key == "prefix") return !text.starts_with(std::string_view(inner.as_string()));
    if (key == "suffix") return !text.ends_with(std::string_view(inner.as_string()));
    if (key == "equals-ignore-case") {
      return !AnyString(inner, [&](std::string_view s) { return Lower(s) == Lower(text); });
    }
    return !AnyString(inner, [&](std::string_view s) { return WildcardMatch(s, text); });
  }
  if (spec.is_array()) {
    for (const auto& e : spec.as_array()) {
      if (LiteralEquals(e, v)) return false;
    }
    return true;
  }
  return !LiteralEquals(spec, v);
}

bool MatchesOne(const json::value& matcher, const json::value& v) {
  if (!matcher.is_object()) return LiteralEquals(matcher, v);
  const auto& [key, spec] = *matcher.as_object().begin();
  if (key == "prefix") return MatchesAffix(true, spec, v);
  if (key == "suffix") return MatchesAffix(false, spec, v);
  if (key == "equals-ignore-case") {
    return v.is_string() && Lower(v.as_string()) == Lower(spec.as_string());
  }
  if (key == "wildcard") return v.is_string() && WildcardMatch(spec.as_string(), v.as_string());
  if (key == "numeric") return MatchesNumeric(spec.as_array(), v);
  if (key == "anything-but") return MatchesAnythingBut(spec, v);
  if (key == "cidr") return v.is_string() && InCidr(*ParseCidr(spec.as_string()), v.as_string());
  return false;
}

// `field` is null when the event has no such field.
bool MatchesLeaf(const json::array& matchers, const json::value* field) {
  const bool present = field != nullptr && !(field->is_array() && field->as_array().empty());
  for (const auto& m : matchers) {
    if (m.is_object() && m.as_object().contains("exists")) {
      if (m.as_object().at("exists").as_bool() == present) return true;
      continue;
    }
    if (field == nullptr) continue;
    if (field->is_array()) {
      for (const auto& element : field->as_array()) {
        if (MatchesOne(m, element)) return true;
      }
    } else if (MatchesOne(m, *field)) {
      return true;
    }
  }
  return false;
}

bool MatchesObject(const json::object& pattern, const json::value* event);

// A nested pattern against a field that may be an object or an array of objects.
bool MatchesNested(const json::object& pattern, const json::value* field) {
  if (field != nullptr && field->is_array()) {
    for (const auto& element : field->as_array()) {
      if (MatchesObject(pattern, &element)) return true;
    }
    return false;
  }
  return MatchesObject(pattern, field);
}

bool MatchesObject(const json::object& pattern, const json::value* event) {
  const json::object* object =
      event != nullptr && event->is_object() ? &event->as_object() : nullptr;
  for (const auto& [key, sub] : pattern) {
    if (key == "$or") {
      bool any = false;
      for (const auto& alternative : sub.as_array()) {
        if (MatchesObject(alternative.as_object(), event)) {
          any = true;
          break;
        }
      }
      if (!any) return false;
      continue;
    }
    const json::value* field = object != nullptr ? object->if_contains(key) : nullptr;
    const bool ok = sub.is_object() ? MatchesNested(sub.as_object(), field)
                                    : MatchesLeaf(sub.as_array(), field);
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::expected<EventPattern, std::string> EventPattern::Parse(std::string_view text) {
  boost::system::error_code ec;
  auto value = json::parse(text, ec);
  if (ec) return std::unexpected("Filter is not valid JSON");
  return FromJson(std::move(value));
}

std::expected<EventPattern, std::string> EventPattern::FromJson(json::value pattern) {
  if (!pattern.is_object()) return std::unexpected("Filter is not an object");
  if (auto reason = CheckObject(pattern.as_object())) return std::unexpected(*reason);
  return EventPattern(std::move(pattern.as_object()));
}

bool EventPattern::Matches(const json::value& event) const {
  return MatchesObject(pattern_, &event);
}

}  // namespace nimbus::events
