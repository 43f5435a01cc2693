// Buses, rules and targets: the control plane of EventBridge.
#include <boost/json/parse.hpp>
#include <regex>
#include <set>

#include "events/event_pattern.h"
#include "events/eventbridge_actions.h"

namespace nimbus::events::eventbridge {
namespace {

namespace json = boost::json;

const std::regex& NamePattern() {
  static const std::regex kName("[\\.\\-_A-Za-z0-9]+");
  return kName;
}

std::expected<std::string, aws::Error> RequiredName(const json::object& o, std::string_view key,
                                                    std::string_view member) {
  auto value = OptionalString(o, key);
  if (!value) return std::unexpected(value.error());
  if (!*value) {
    return std::unexpected(Validation("1 validation error detected: Value null at '" +
                                      std::string(member) +
                                      "' failed to satisfy constraint: Member must not be null"));
  }
  const auto& name = **value;
  if (name.empty() || name.size() > kMaxRuleNameChars || !std::regex_match(name, NamePattern())) {
    return std::unexpected(Validation(
        "1 validation error detected: Value '" + name + "' at '" + std::string(member) +
        "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
        "[\\.\\-_A-Za-z0-9]+"));
  }
  return name;
}

std::string RuleKey(const std::string& bus, const std::string& name) { return bus + "/" + name; }

// REQUIRES: core.mutex held.
std::expected<Rule*, aws::Error> FindRule(Core& core, const json::object& request,
                                          std::string_view name_key) {
  auto name = RequiredName(request, name_key, name_key == "Rule" ? "rule" : "name");
  if (!name) return std::unexpected(name.error());
  auto bus_name = OptionalString(request, "EventBusName");
  if (!bus_name) return std::unexpected(bus_name.error());
  const auto bus = BusName(*bus_name);
  if (!core.state.buses.contains(bus)) {
    return std::unexpected(NotFound("Event bus " + bus + " does not exist."));
  }
  auto it = core.state.rules.find(RuleKey(bus, *name));
  if (it == core.state.rules.end()) {
    return std::unexpected(NotFound("Rule " + *name + " does not exist on EventBus " + bus + "."));
  }
  return &it->second;
}

json::object RuleJson(const Rule& r, const std::string& account) {
  json::object o{{"Name", r.name}, {"Arn", r.arn}};
  if (!r.event_pattern.empty()) o["EventPattern"] = r.event_pattern;
  if (!r.schedule_expression.empty()) o["ScheduleExpression"] = r.schedule_expression;
  o["State"] = r.state;
  if (!r.description.empty()) o["Description"] = r.description;
  if (!r.role_arn.empty()) o["RoleArn"] = r.role_arn;
  o["EventBusName"] = r.bus;
  (void)account;
  return o;
}

json::object TargetJson(const Target& t) {
  json::object o{{"Id", t.id}, {"Arn", t.arn}};
  if (!t.input.empty()) o["Input"] = t.input;
  if (!t.input_path.empty()) o["InputPath"] = t.input_path;
  return o;
}

Outcome SetState(Core& core, const json::object& request, const char* state) {
  std::lock_guard lock(core.mutex);
  auto rule = FindRule(core, request, "Name");
  if (!rule) return std::unexpected(rule.error());
  const std::string before = (*rule)->state;
  (*rule)->state = state;
  if (auto saved = core.Save(); !saved) {
    (*rule)->state = before;
    return std::unexpected(saved.error());
  }
  return json::object{};
}

// Restores the state when persisting fails, so that a failed call changes nothing.
Outcome Commit(Core& core, State before, json::object reply) {
  if (auto saved = core.Save(); !saved) {
    core.state = std::move(before);
    return std::unexpected(saved.error());
  }
  return reply;
}

}  // namespace

std::expected<std::optional<std::string>, aws::Error> OptionalString(const json::object& o,
                                                                     std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) {
    return std::unexpected(aws::Error{400, "SerializationException",
                                      "Unexpected value type in payload for " + std::string(key)});
  }
  return std::optional<std::string>(std::string(v->as_string()));
}

aws::Error Validation(std::string message) {
  return {400, "ValidationException", std::move(message)};
}
aws::Error NotFound(std::string message) {
  return {400, "ResourceNotFoundException", std::move(message)};
}

std::string BusName(const std::optional<std::string>& name_or_arn) {
  if (!name_or_arn || name_or_arn->empty()) return "default";
  auto pos = name_or_arn->find(":event-bus/");
  if (name_or_arn->starts_with("arn:") && pos != std::string::npos) {
    return name_or_arn->substr(pos + 11);
  }
  return *name_or_arn;
}

Outcome PutRule(Core& core, const json::object& request) {
  auto name = RequiredName(request, "Name", "name");
  if (!name) return std::unexpected(name.error());
  std::optional<std::string> fields[5];
  const char* keys[] = {"EventPattern", "ScheduleExpression", "State", "Description", "RoleArn"};
  for (int i = 0; i < 5; ++i) {
    auto v = OptionalString(request, keys[i]);
    if (!v) return std::unexpected(v.error());
    fields[i] = std::move(*v);
  }
  auto& [pattern, schedule, state, description, role] = fields;
  if (!pattern && !schedule) {
    return std::unexpected(
        Validation("Parameter(s) EventPattern or ScheduleExpression must be specified."));
  }
  if (pattern) {
    if (pattern->size() > kMaxEventPatternChars) {
      return std::unexpected(Validation("Event pattern is too long."));
    }
    auto parsed = EventPattern::Parse(*pattern);
    if (!parsed) {
      return std::unexpected(aws::Error{400, "InvalidEventPatternException",
                                        "Event pattern is not valid. Reason: " + parsed.error()});
    }
  }
  if (schedule && !schedule->starts_with("rate(") && !schedule->starts_with("cron(")) {
    return std::unexpected(Validation("Parameter ScheduleExpression is not valid."));
  }
  if (state && *state != "ENABLED" && *state != "DISABLED") {
    return std::unexpected(
        Validation("1 validation error detected: Value '" + *state +
                   "' at 'state' failed to satisfy constraint: Member must satisfy enum value set: "
                   "[ENABLED, DISABLED]"));
  }
  auto bus_name = OptionalString(request, "EventBusName");
  if (!bus_name) return std::unexpected(bus_name.error());
  const auto bus = BusName(*bus_name);

  std::lock_guard lock(core.mutex);
  if (!core.state.buses.contains(bus)) {
    return std::unexpected(NotFound("Event bus " + bus + " does not exist."));
  }
  auto before = core.state;
  auto& rule = core.state.rules[RuleKey(bus, *name)];
  rule.name = *name;
  rule.bus = bus;
  rule.arn = core.EventsArnPrefix() + "rule/" + (bus == "default" ? "" : bus + "/") + *name;
  rule.event_pattern = pattern.value_or("");
  rule.schedule_expression = schedule.value_or("");
  rule.state = state.value_or("ENABLED");
  rule.description = description.value_or("");
  rule.role_arn = role.value_or("");
  return Commit(core, std::move(before), json::object{{"RuleArn", rule.arn}});
}

Outcome DescribeRule(Core& core, const json::object& request) {
  std::lock_guard lock(core.mutex);
  auto rule = FindRule(core, request, "Name");
  if (!rule) return std::unexpected(rule.error());
  auto o = RuleJson(**rule, core.options.account_id);
  o["CreatedBy"] = core.options.account_id;
  return o;
}

Outcome ListRules(Core& core, const json::object& request) {
  auto prefix = OptionalString(request, "NamePrefix");
  auto bus_name = OptionalString(request, "EventBusName");
  auto token = OptionalString(request, "NextToken");
  if (!prefix || !bus_name || !token) {
    return std::unexpected(!prefix ? prefix.error() : !bus_name ? bus_name.error() : token.error());
  }
  std::size_t limit = kMaxListLimit;
  if (const auto* l = request.if_contains("Limit"); l && l->is_int64()) {
    if (l->get_int64() < 1 || l->get_int64() > static_cast<std::int64_t>(kMaxListLimit)) {
      return std::unexpected(Validation(
          "1 validation error detected: Value '" + std::to_string(l->get_int64()) +
          "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100"));
    }
    limit = static_cast<std::size_t>(l->get_int64());
  }
  const auto bus = BusName(*bus_name);
  std::lock_guard lock(core.mutex);
  if (!core.state.buses.contains(bus)) {
    return std::unexpected(NotFound("Event bus " + bus + " does not exist."));
  }
  const std::string start = RuleKey(bus, token->value_or(prefix->value_or("")));
  json::array rules;
  auto it = core.state.rules.lower_bound(start);
  for (; it != core.state.rules.end() && it->second.bus == bus; ++it) {
    if (*prefix && !it->second.name.starts_with(**prefix)) {
      if (it->second.name > **prefix) {
        it = core.state.rules.end();
        break;
      }
      continue;
    }
    if (rules.size() == limit) break;
    rules.push_back(RuleJson(it->second, core.options.account_id));
  }
  json::object reply{{"Rules", std::move(rules)}};
  if (it != core.state.rules.end() && it->second.bus == bus &&
      (!*prefix || it->second.name.starts_with(**prefix))) {
    reply["NextToken"] = it->second.name;
  }
  return reply;
}

Outcome DeleteRule(Core& core, const json::object& request) {
  std::lock_guard lock(core.mutex);
  auto rule = FindRule(core, request, "Name");
  if (!rule) {
    // Deleting a rule that is not there succeeds.
    if (rule.error().code == "ResourceNotFoundException" &&
        rule.error().message.starts_with("Rule ")) {
      return json::object{};
    }
    return std::unexpected(rule.error());
  }
  if (!(*rule)->targets.empty()) {
    return std::unexpected(Validation("Rule can't be deleted since it has targets."));
  }
  auto before = core.state;
  core.state.rules.erase(RuleKey((*rule)->bus, (*rule)->name));
  return Commit(core, std::move(before), json::object{});
}

Outcome EnableRule(Core& core, const json::object& request) {
  return SetState(core, request, "ENABLED");
}
Outcome DisableRule(Core& core, const json::object& request) {
  return SetState(core, request, "DISABLED");
}

Outcome PutTargets(Core& core, const json::object& request) {
  const auto* targets = request.if_contains("Targets");
  if (!targets || !targets->is_array() || targets->as_array().empty()) {
    return std::unexpected(
        Validation("1 validation error detected: Value null at 'targets' failed to satisfy "
                   "constraint: Member must not be null"));
  }
  if (targets->as_array().size() > kMaxTargetsPerRequest) {
    return std::unexpected(Validation(
        "1 validation error detected: Value at 'targets' failed to satisfy constraint: Member "
        "must have length less than or equal to 10"));
  }
  std::lock_guard lock(core.mutex);
  auto rule = FindRule(core, request, "Rule");
  if (!rule) return std::unexpected(rule.error());
  json::array failed;
  auto list = (*rule)->targets;  // a copy: a request refused half-way changes nothing
  for (const auto& t : targets->as_array()) {
    if (!t.is_object()) return std::unexpected(Validation("Target must be an object."));
    const auto& o = t.as_object();
    auto id = OptionalString(o, "Id");
    auto arn = OptionalString(o, "Arn");
    auto input = OptionalString(o, "Input");
    auto input_path = OptionalString(o, "InputPath");
    if (!id || !arn || !input || !input_path) {
      return std::unexpected(Validation("Target members must be strings."));
    }
    if (!*id || (*id)->empty() || (*id)->size() > kMaxRuleNameChars ||
        !std::regex_match(**id, NamePattern())) {
      return std::unexpected(Validation(
          "1 validation error detected: Value '" + id->value_or("null") +
          "' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular "
          "expression pattern: [\\.\\-_A-Za-z0-9]+"));
    }
    if (!*arn || !(*arn)->starts_with("arn:")) {
      return std::unexpected(Validation("Parameter " + arn->value_or("null") +
                                        " is not valid. Reason: Provided Arn is not in correct "
                                        "format."));
    }
    if (o.contains("InputTransformer")) {
      failed.push_back({{"TargetId", **id},
                        {"ErrorCode", "ValidationException"},
                        {"ErrorMessage", "InputTransformer is not supported by nimbus"}});
      continue;
    }
    if (*input && *input_path) {
      return std::unexpected(
          Validation("Only one of Input, InputPath, or InputTransformer must be provided."));
    }
    Target target{**id, **arn, input->value_or(""), input_path->value_or("")};
    auto same =
        std::find_if(list.begin(), list.end(), [&](const Target& x) { return x.id == target.id; });
    if (same != list.end()) {
      *same = std::move(target);
    } else if (list.size() >= kMaxTargetsPerRule) {
      return std::unexpected(
          aws::Error{400, "LimitExceededException",
                     "The requested resource exceeds the maximum number allowed."});
    } else {
      list.push_back(std::move(target));
    }
  }
  auto before = core.state;
  (*rule)->targets = std::move(list);
  const auto failed_count = failed.size();
  return Commit(
      core, std::move(before),
      json::object{{"FailedEntryCount", failed_count}, {"FailedEntries", std::move(failed)}});
}

Outcome RemoveTargets(Core& core, const json::object& request) {
  const auto* ids = request.if_contains("Ids");
  if (!ids || !ids->is_array() || ids->as_array().empty()) {
    return std::unexpected(
        Validation("1 validation error detected: Value null at 'ids' failed to satisfy "
                   "constraint: Member must not be null"));
  }
  std::lock_guard lock(core.mutex);
  auto rule = FindRule(core, request, "Rule");
  if (!rule) return std::unexpected(rule.error());
  auto before = core.state;
  json::array failed;
  auto& list = (*rule)->targets;
  for (const auto& id : ids->as_array()) {
    if (!id.is_string()) return std::unexpected(Validation("Ids must be strings."));
    auto it = std::find_if(list.begin(), list.end(),
                           [&](const Target& t) { return t.id == id.as_string(); });
    if (it == list.end()) {
      failed.push_back({{"TargetId", id},
                        {"ErrorCode", "ResourceNotFoundException"},
                        {"ErrorMessage", "Target " + std::string(id.as_string()) +
                                             " does not exist on rule " + (*rule)->name + "."}});
    } else {
      list.erase(it);
    }
  }
  const auto failed_count = failed.size();
  return Commit(
      core, std::move(before),
      json::object{{"FailedEntryCount", failed_count}, {"FailedEntries", std::move(failed)}});
}

Outcome ListTargetsByRule(Core& core, const json::object& request) {
  std::lock_guard lock(core.mutex);
  auto rule = FindRule(core, request, "Rule");
  if (!rule) return std::unexpected(rule.error());
  json::array targets;
  for (const auto& t : (*rule)->targets) targets.push_back(TargetJson(t));
  return json::object{{"Targets", std::move(targets)}};
}

Outcome CreateEventBus(Core& core, const json::object& request) {
  auto name = RequiredName(request, "Name", "name");
  if (!name) return std::unexpected(name.error());
  if (*name == "default") {
    return std::unexpected(
        aws::Error{400, "ResourceAlreadyExistsException", "Event bus default already exists."});
  }
  std::lock_guard lock(core.mutex);
  if (core.state.buses.contains(*name)) {
    return std::unexpected(aws::Error{400, "ResourceAlreadyExistsException",
                                      "Event bus " + *name + " already exists."});
  }
  auto before = core.state;
  const std::string arn = core.EventsArnPrefix() + "event-bus/" + *name;
  core.state.buses[*name] = EventBus{*name, arn};
  return Commit(core, std::move(before), json::object{{"EventBusArn", arn}});
}

Outcome DeleteEventBus(Core& core, const json::object& request) {
  auto name = RequiredName(request, "Name", "name");
  if (!name) return std::unexpected(name.error());
  if (*name == "default") return std::unexpected(Validation("Cannot delete event bus default."));
  std::lock_guard lock(core.mutex);
  auto before = core.state;
  core.state.buses.erase(*name);
  std::erase_if(core.state.rules, [&](const auto& r) { return r.second.bus == *name; });
  return Commit(core, std::move(before), json::object{});
}

Outcome DescribeEventBus(Core& core, const json::object& request) {
  auto name = OptionalString(request, "Name");
  if (!name) return std::unexpected(name.error());
  const auto bus = BusName(*name);
  std::lock_guard lock(core.mutex);
  auto it = core.state.buses.find(bus);
  if (it == core.state.buses.end()) {
    return std::unexpected(NotFound("Event bus " + bus + " does not exist."));
  }
  return json::object{{"Name", it->second.name}, {"Arn", it->second.arn}};
}

Outcome ListEventBuses(Core& core, const json::object& request) {
  auto prefix = OptionalString(request, "NamePrefix");
  if (!prefix) return std::unexpected(prefix.error());
  std::lock_guard lock(core.mutex);
  json::array buses;
  for (const auto& [name, bus] : core.state.buses) {
    if (*prefix && !name.starts_with(**prefix)) continue;
    buses.push_back({{"Name", bus.name}, {"Arn", bus.arn}});
  }
  return json::object{{"EventBuses", std::move(buses)}};
}

Outcome TestEventPattern(Core&, const json::object& request) {
  auto pattern_text = OptionalString(request, "EventPattern");
  auto event_text = OptionalString(request, "Event");
  if (!pattern_text || !event_text) {
    return std::unexpected(!pattern_text ? pattern_text.error() : event_text.error());
  }
  if (!*pattern_text || !*event_text) {
    return std::unexpected(Validation("Parameters EventPattern and Event must be specified."));
  }
  auto pattern = EventPattern::Parse(**pattern_text);
  if (!pattern) {
    return std::unexpected(aws::Error{400, "InvalidEventPatternException",
                                      "Event pattern is not valid. Reason: " + pattern.error()});
  }
  boost::system::error_code ec;
  auto event = json::parse(**event_text, ec);
  if (ec || !event.is_object()) {
    return std::unexpected(Validation("Parameter Event is not valid."));
  }
  return json::object{{"Result", json::value(pattern->Matches(event))}};
}

}  // namespace nimbus::events::eventbridge
