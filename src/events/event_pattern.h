// Event patterns as EventBridge rules and SNS filter policies use them: a JSON object whose
// leaves are arrays of matchers, tested against a JSON event.
//
//   auto p =
//   EventPattern::Parse(R"({"source":["shop"],"detail":{"total":[{"numeric":[">",0]}]}})"); if (p
//   && p->Matches(event)) ...
//
// Matchers: exact values (string, number, true, false, null), prefix, suffix (both also with
// equals-ignore-case), anything-but (a value, a list, prefix, suffix, equals-ignore-case,
// wildcard), numeric (=, <, <=, >, >= with up to one bound each side), exists, equals-ignore-case,
// wildcard (*), cidr, and $or at any level. An array in the event matches when any element does.
// Immutable after Parse; thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <expected>
#include <string>
#include <string_view>

namespace nimbus::events {

class EventPattern {
 public:
  // The error is the reason EventBridge gives after "Event pattern is not valid. Reason: ".
  static std::expected<EventPattern, std::string> Parse(std::string_view json);
  static std::expected<EventPattern, std::string> FromJson(boost::json::value pattern);

  bool Matches(const boost::json::value& event) const;

  const boost::json::object& json() const { return pattern_; }

 private:
  explicit EventPattern(boost::json::object pattern) : pattern_(std::move(pattern)) {}
  boost::json::object pattern_;
};

}  // namespace nimbus::events
