// PutEvents: each entry checked on its own (a bad entry fails alone, as FailedEntryCount
// reports), then matched against the enabled rules of its bus; each match's targets get the
// event in the background.
#include <boost/asio/awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "events/event_pattern.h"
#include "events/eventbridge_actions.h"
#include "events/query.h"

namespace nimbus::events::eventbridge {
namespace {

namespace json = boost::json;

constexpr std::size_t kTimeEntryBytes = 14;  // what a given Time counts for in the size limit

struct EntryError {
  std::string code;
  std::string message;
};

std::string Required(std::string_view member) {
  return "Parameter " + std::string(member) + " is not valid. Reason: " + std::string(member) +
         " is a required argument.";
}

std::size_t EntryBytes(const json::object& e) {
  std::size_t bytes = e.contains("Time") ? kTimeEntryBytes : 0;
  for (const char* key : {"Source", "DetailType", "Detail"}) {
    if (const auto* v = e.if_contains(key); v && v->is_string()) bytes += v->as_string().size();
  }
  if (const auto* r = e.if_contains("Resources"); r && r->is_array()) {
    for (const auto& x : r->as_array()) {
      if (x.is_string()) bytes += x.as_string().size();
    }
  }
  return bytes;
}

// The event as targets and patterns see it, or why the entry fails.
std::expected<json::object, EntryError> BuildEvent(Core& core, const json::value& entry,
                                                   std::string& bus) {
  if (!entry.is_object())
    return std::unexpected(EntryError{"InvalidArgument", "Entry must be an object."});
  const auto& e = entry.as_object();
  auto text = [&](const char* key) -> std::optional<std::string> {
    const auto* v = e.if_contains(key);
    if (!v || !v->is_string() || v->as_string().empty()) return std::nullopt;
    return std::string(v->as_string());
  };
  auto source = text("Source");
  if (!source) return std::unexpected(EntryError{"InvalidArgument", Required("Source")});
  auto detail_type = text("DetailType");
  if (!detail_type) return std::unexpected(EntryError{"InvalidArgument", Required("DetailType")});
  auto detail_text = text("Detail");
  if (!detail_text) return std::unexpected(EntryError{"InvalidArgument", Required("Detail")});
  boost::system::error_code ec;
  auto detail = json::parse(*detail_text, ec);
  if (ec || !detail.is_object()) {
    return std::unexpected(EntryError{"MalformedDetail", "Detail is malformed."});
  }
  bus = BusName(text("EventBusName"));
  {
    std::lock_guard lock(core.mutex);
    if (!core.state.buses.contains(bus)) {
      return std::unexpected(
          EntryError{"InvalidArgument", "Event bus " + bus + " does not exist."});
    }
  }
  auto time = core.Now();
  if (const auto* t = e.if_contains("Time"); t && t->is_number()) {
    const double seconds = t->to_number<double>();
    time = std::chrono::system_clock::time_point(
        std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000))));
  }
  json::array resources;
  if (const auto* r = e.if_contains("Resources"); r && r->is_array()) {
    for (const auto& x : r->as_array()) {
      if (!x.is_string()) {
        return std::unexpected(EntryError{"InvalidArgument", "Parameter Resources is not valid."});
      }
      resources.push_back(x);
    }
  }
  return json::object{{"version", "0"},
                      {"id", NewUuid()},
                      {"detail-type", *detail_type},
                      {"source", *source},
                      {"account", core.options.account_id},
                      {"time", IsoTime(time, false)},
                      {"region", core.options.region},
                      {"resources", std::move(resources)},
                      {"detail", std::move(detail)}};
}

// InputPath: "$" or "$.a.b" (the documented common forms).
json::value AtPath(const json::value& event, std::string_view path) {
  if (path == "$" || path.empty()) return event;
  if (!path.starts_with("$.")) return nullptr;
  const json::value* at = &event;
  for (std::string_view rest = path.substr(2); !rest.empty();) {
    auto dot = rest.find('.');
    auto key = rest.substr(0, dot);
    rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
    if (!at->is_object()) return nullptr;
    at = at->as_object().if_contains(key);
    if (!at) return nullptr;
  }
  return *at;
}

void DeliverToTargets(Core& core, const json::object& event, const std::string& bus) {
  std::vector<std::pair<std::string, Target>> deliveries;  // (rule arn, target)
  {
    std::lock_guard lock(core.mutex);
    for (auto it = core.state.rules.lower_bound(bus + "/");
         it != core.state.rules.end() && it->second.bus == bus; ++it) {
      const Rule& rule = it->second;
      if (rule.state != "ENABLED" || rule.event_pattern.empty()) continue;
      auto pattern = EventPattern::Parse(rule.event_pattern);
      if (!pattern || !pattern->Matches(event)) continue;
      for (const auto& t : rule.targets) deliveries.emplace_back(rule.arn, t);
    }
  }
  for (const auto& [rule_arn, target] : deliveries) {
    std::string payload = !target.input.empty() ? target.input
                          : !target.input_path.empty()
                              ? json::serialize(AtPath(event, target.input_path))
                              : json::serialize(event);
    const std::string what = "events " + rule_arn + " -> " + target.arn;
    if (target.arn.starts_with("arn:aws:lambda:")) {
      core.deliverer.ToLambda(FunctionNameOf(target.arn), std::move(payload),
                              core.options.lambda_retry, what);
    } else if (target.arn.starts_with("arn:aws:sns:")) {
      Core* c = &core;
      core.deliverer.Run(
          [c, topic = target.arn, payload]() -> boost::asio::awaitable<std::string> {
            Params params{{"Action", "Publish"}, {"TopicArn", topic}, {"Message", payload}};
            auto reply = HandleSns(*c, params);
            co_return reply.http_status == 200 ? "" : reply.body;
          },
          core.options.lambda_retry, what);
    } else {
      core.log("events: " + what + ": this target type is not delivered locally");
    }
  }
}

}  // namespace

Outcome PutEvents(Core& core, const json::object& request) {
  const auto* entries = request.if_contains("Entries");
  if (!entries || !entries->is_array() || entries->as_array().empty()) {
    return std::unexpected(
        Validation("1 validation error detected: Value null at 'entries' failed to satisfy "
                   "constraint: Member must not be null"));
  }
  const auto& list = entries->as_array();
  if (list.size() > kMaxPutEventsEntries) {
    return std::unexpected(Validation(
        "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member "
        "must have length less than or equal to 10"));
  }
  std::size_t bytes = 0;
  for (const auto& e : list) bytes += e.is_object() ? EntryBytes(e.as_object()) : 0;
  if (bytes > kMaxPutEventsBytes) {
    return std::unexpected(
        Validation("Total size of the entries in the request is over the limit."));
  }
  json::array results;
  std::size_t failed = 0;
  for (const auto& entry : list) {
    std::string bus;
    auto event = BuildEvent(core, entry, bus);
    if (!event) {
      ++failed;
      results.push_back(
          json::object{{"ErrorCode", event.error().code}, {"ErrorMessage", event.error().message}});
      continue;
    }
    results.push_back(json::object{{"EventId", event->at("id")}});
    DeliverToTargets(core, *event, bus);
  }
  return json::object{{"FailedEntryCount", failed}, {"Entries", std::move(results)}};
}

}  // namespace nimbus::events::eventbridge
