// The EventBridge actions (JSON 1.1), one function each, called by the dispatch table in
// eventbridge_service.cc. Each takes the parsed request and returns the reply document.
#pragma once

#include <boost/json/value.hpp>
#include <expected>

#include "aws/error.h"
#include "events/core.h"

namespace nimbus::events::eventbridge {

// Limits EventBridge documents.
inline constexpr std::size_t kMaxPutEventsEntries = 10;
inline constexpr std::size_t kMaxPutEventsBytes = 262'144;  // all entries together, 256 KiB
inline constexpr std::size_t kMaxTargetsPerRule = 5;
inline constexpr std::size_t kMaxTargetsPerRequest = 10;
inline constexpr std::size_t kMaxRuleNameChars = 64;
inline constexpr std::size_t kMaxEventPatternChars = 4096;
inline constexpr std::size_t kMaxListLimit = 100;

using Outcome = std::expected<boost::json::object, aws::Error>;
using Core = Events::Core;

Outcome PutEvents(Core& core, const boost::json::object& request);
Outcome PutRule(Core& core, const boost::json::object& request);
Outcome DescribeRule(Core& core, const boost::json::object& request);
Outcome ListRules(Core& core, const boost::json::object& request);
Outcome DeleteRule(Core& core, const boost::json::object& request);
Outcome EnableRule(Core& core, const boost::json::object& request);
Outcome DisableRule(Core& core, const boost::json::object& request);
Outcome PutTargets(Core& core, const boost::json::object& request);
Outcome RemoveTargets(Core& core, const boost::json::object& request);
Outcome ListTargetsByRule(Core& core, const boost::json::object& request);
Outcome CreateEventBus(Core& core, const boost::json::object& request);
Outcome DeleteEventBus(Core& core, const boost::json::object& request);
Outcome DescribeEventBus(Core& core, const boost::json::object& request);
Outcome ListEventBuses(Core& core, const boost::json::object& request);
Outcome TestEventPattern(Core& core, const boost::json::object& request);

// Request members, type-checked: a member of the wrong JSON type is a SerializationException.
std::expected<std::optional<std::string>, aws::Error> OptionalString(const boost::json::object& o,
                                                                     std::string_view key);
aws::Error Validation(std::string message);
aws::Error NotFound(std::string message);
// The bus an EventBusName (a name or an ARN) refers to; "default" when absent.
std::string BusName(const std::optional<std::string>& name_or_arn);

}  // namespace nimbus::events::eventbridge
