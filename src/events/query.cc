#include "events/query.h"

namespace nimbus::events {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string FormDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Params ParseForm(std::string_view body) {
  Params params;
  while (!body.empty()) {
    auto amp = body.find('&');
    auto pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto name = FormDecode(pair.substr(0, eq));
    auto value = eq == std::string_view::npos ? std::string() : FormDecode(pair.substr(eq + 1));
    params.insert_or_assign(std::move(name), std::move(value));
  }
  return params;
}

std::optional<std::string> Get(const Params& params, std::string_view name) {
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return it->second;
}

std::map<std::string, std::string> EntryMap(const Params& params, std::string_view prefix,
                                            std::string_view key, std::string_view value) {
  std::map<std::string, std::string> out;
  for (int n = 1;; ++n) {
    const auto base = std::string(prefix) + ".entry." + std::to_string(n) + ".";
    auto k = Get(params, base + std::string(key));
    if (!k) break;
    out[*k] = Get(params, base + std::string(value)).value_or("");
  }
  return out;
}

std::vector<std::map<std::string, std::string>> MemberList(const Params& params,
                                                           std::string_view prefix) {
  std::vector<std::map<std::string, std::string>> out;
  for (int n = 1;; ++n) {
    const auto base = std::string(prefix) + ".member." + std::to_string(n);
    std::map<std::string, std::string> fields;
    for (auto it = params.lower_bound(base); it != params.end() && it->first.starts_with(base);
         ++it) {
      if (it->first.size() == base.size()) {
        fields[""] = it->second;
      } else if (it->first[base.size()] == '.') {
        fields[it->first.substr(base.size() + 1)] = it->second;
      }
    }
    if (fields.empty()) break;
    out.push_back(std::move(fields));
  }
  return out;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\r':
        out += "&#xD;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string SnsResponse(std::string_view action, std::string_view result_xml,
                        std::string_view request_id, bool no_result) {
  std::string out =
      "<" + std::string(action) + "Response xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">";
  if (!no_result) {
    out += "<" + std::string(action) + "Result>";
    out += result_xml;
    out += "</" + std::string(action) + "Result>";
  }
  out +=
      "<ResponseMetadata><RequestId>" + std::string(request_id) + "</RequestId></ResponseMetadata>";
  out += "</" + std::string(action) + "Response>";
  return out;
}

}  // namespace nimbus::events
