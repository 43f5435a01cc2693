// The AWS query protocol as SNS speaks it: form-encoded parameters in (Action=...&Version=...,
// lists as Name.member.N, maps as Name.entry.N.key/value) and XML out.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nimbus::events {

using Params = std::map<std::string, std::string, std::less<>>;

// application/x-www-form-urlencoded (also a URL's query string): '+' is a space.
Params ParseForm(std::string_view body);

std::optional<std::string> Get(const Params& params, std::string_view name);

// <prefix>.entry.N.<key>/<value> for N = 1, 2, ... until the first gap.
std::map<std::string, std::string> EntryMap(const Params& params, std::string_view prefix,
                                            std::string_view key = "key",
                                            std::string_view value = "value");
// <prefix>.member.N.<field> for each field, N = 1, 2, ... until the first N with none of them.
std::vector<std::map<std::string, std::string>> MemberList(const Params& params,
                                                           std::string_view prefix);

// Escaping for XML element text (quotes stay as they are, as in AWS's replies).
std::string XmlEscape(std::string_view text);

// <Action>Response xmlns=...><Action>Result>result_xml</...><ResponseMetadata>...; an empty
// result_xml with no_result writes no Result element (DeleteTopic, Unsubscribe ...).
std::string SnsResponse(std::string_view action, std::string_view result_xml,
                        std::string_view request_id, bool no_result = false);

}  // namespace nimbus::events
