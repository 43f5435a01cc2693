#include "events/state_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace nimbus::events {
namespace {

namespace json = boost::json;

json::object ToJson(const std::map<std::string, std::string>& map) {
  json::object out;
  for (const auto& [k, v] : map) out[k] = v;
  return out;
}

std::map<std::string, std::string> StringMap(const json::object& o, std::string_view key) {
  std::map<std::string, std::string> out;
  if (const auto* v = o.if_contains(key); v && v->is_object()) {
    for (const auto& [k, s] : v->as_object()) {
      if (s.is_string()) out[k] = s.as_string();
    }
  }
  return out;
}

std::string Str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

json::object ToJson(const Rule& r) {
  json::array targets;
  for (const auto& t : r.targets) {
    targets.push_back(
        {{"id", t.id}, {"arn", t.arn}, {"input", t.input}, {"input_path", t.input_path}});
  }
  return {{"name", r.name},
          {"bus", r.bus},
          {"arn", r.arn},
          {"event_pattern", r.event_pattern},
          {"schedule_expression", r.schedule_expression},
          {"state", r.state},
          {"description", r.description},
          {"role_arn", r.role_arn},
          {"targets", std::move(targets)}};
}

Rule RuleFrom(const json::object& o) {
  Rule r{.name = Str(o, "name"),
         .bus = Str(o, "bus"),
         .arn = Str(o, "arn"),
         .event_pattern = Str(o, "event_pattern"),
         .schedule_expression = Str(o, "schedule_expression"),
         .state = Str(o, "state"),
         .description = Str(o, "description"),
         .role_arn = Str(o, "role_arn"),
         .targets = {}};
  if (const auto* targets = o.if_contains("targets"); targets && targets->is_array()) {
    for (const auto& t : targets->as_array()) {
      const auto& to = t.as_object();
      r.targets.push_back({Str(to, "id"), Str(to, "arn"), Str(to, "input"), Str(to, "input_path")});
    }
  }
  return r;
}

std::string Serialize(const State& state) {
  json::array topics, subscriptions, buses, rules;
  for (const auto& [arn, t] : state.topics) {
    topics.push_back({{"arn", t.arn},
                      {"name", t.name},
                      {"attributes", ToJson(t.attributes)},
                      {"tags", ToJson(t.tags)}});
  }
  for (const auto& [arn, s] : state.subscriptions) {
    subscriptions.push_back({{"arn", s.arn},
                             {"topic_arn", s.topic_arn},
                             {"protocol", s.protocol},
                             {"endpoint", s.endpoint},
                             {"owner", s.owner},
                             {"pending", s.pending},
                             {"token", s.token},
                             {"attributes", ToJson(s.attributes)}});
  }
  for (const auto& [name, b] : state.buses) buses.push_back({{"name", b.name}, {"arn", b.arn}});
  for (const auto& [key, r] : state.rules) rules.push_back(ToJson(r));
  json::object root{{"version", 1},
                    {"topics", std::move(topics)},
                    {"subscriptions", std::move(subscriptions)},
                    {"buses", std::move(buses)},
                    {"rules", std::move(rules)}};
  return json::serialize(root);
}

const json::array& ArrayOf(const json::object& o, std::string_view key) {
  static const json::array kEmpty;
  const auto* v = o.if_contains(key);
  return v && v->is_array() ? v->as_array() : kEmpty;
}

}  // namespace

std::expected<State, std::string> LoadState(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return State{};
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto root = json::parse(text.str(), ec);
  if (ec || !root.is_object()) return std::unexpected(file.string() + ": not a valid state file");
  State state;
  const auto& o = root.as_object();
  for (const auto& v : ArrayOf(o, "topics")) {
    const auto& t = v.as_object();
    Topic topic{Str(t, "arn"), Str(t, "name"), StringMap(t, "attributes"), StringMap(t, "tags")};
    state.topics[topic.arn] = std::move(topic);
  }
  for (const auto& v : ArrayOf(o, "subscriptions")) {
    const auto& s = v.as_object();
    const auto* pending = s.if_contains("pending");
    Subscription sub{.arn = Str(s, "arn"),
                     .topic_arn = Str(s, "topic_arn"),
                     .protocol = Str(s, "protocol"),
                     .endpoint = Str(s, "endpoint"),
                     .owner = Str(s, "owner"),
                     .pending = pending && pending->is_bool() && pending->as_bool(),
                     .token = Str(s, "token"),
                     .attributes = StringMap(s, "attributes")};
    state.subscriptions[sub.arn] = std::move(sub);
  }
  for (const auto& v : ArrayOf(o, "buses")) {
    EventBus bus{Str(v.as_object(), "name"), Str(v.as_object(), "arn")};
    state.buses[bus.name] = bus;
  }
  for (const auto& v : ArrayOf(o, "rules")) {
    auto rule = RuleFrom(v.as_object());
    state.rules[rule.bus + "/" + rule.name] = std::move(rule);
  }
  return state;
}

std::expected<void, std::string> SaveState(const std::filesystem::path& file, const State& state) {
  const std::string text = Serialize(state);
  const auto temporary = file.string() + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return std::unexpected(temporary + ": " + std::strerror(errno));
  std::size_t written = 0;
  while (written < text.size()) {
    const auto n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return std::unexpected(temporary + ": " + std::strerror(errno));
    }
    written += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  std::error_code ec;
  std::filesystem::rename(temporary, file, ec);
  if (ec) return std::unexpected(file.string() + ": " + ec.message());
  return {};
}

}  // namespace nimbus::events
