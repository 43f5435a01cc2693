#include "people/preconditions.h"

#include <algorithm>
#include <charconv>

namespace nimbus::people {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// RFC 9110 etagc: any visible character but '"' (and obs-text).
bool IsETagChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u == 0x21 || (u >= 0x23 && u != 0x7F);
}

}  // namespace

bool IfMatch::Matches(Version version) const {
  return any || std::ranges::find(versions, version) != versions.end();
}

std::string FormatETag(Version version) { return '"' + std::to_string(version) + '"'; }

std::expected<IfMatch, std::string> ParseIfMatch(std::string_view header) {
  IfMatch result;
  header = Trim(header);
  if (header == "*") {
    result.any = true;
    return result;
  }
  bool any_tag = false;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view tag = Trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    if (tag.empty()) continue;  // RFC 9110 §5.6.1: empty list elements are ignored
    const bool weak = tag.starts_with("W/");
    if (weak) tag.remove_prefix(2);
    if (tag.size() < 2 || tag.front() != '"' || tag.back() != '"') {
      return std::unexpected("must be * or a list of entity tags such as \"3\"");
    }
    const std::string_view opaque = tag.substr(1, tag.size() - 2);
    if (!std::ranges::all_of(opaque, IsETagChar)) {
      return std::unexpected("must be * or a list of entity tags such as \"3\"");
    }
    any_tag = true;
    Version version = 0;
    const char* last = opaque.data() + opaque.size();
    const auto [end, ec] = std::from_chars(opaque.data(), last, version);
    // A tag this API never issued is valid syntax that matches nothing: 412, not 400.
    if (!weak && !opaque.empty() && ec == std::errc() && end == last && version >= kFirstVersion) {
      result.versions.push_back(version);
    }
  }
  if (!any_tag) return std::unexpected("must be * or a list of entity tags such as \"3\"");
  return result;
}

}  // namespace nimbus::people
