#include "events/declared.h"

#include <boost/json.hpp>
#include <regex>

namespace nimbus::events {
namespace {

namespace json = boost::json;

// The text of <Element>...</Element> in an SNS reply (the replies here are our own).
std::string XmlText(const std::string& xml, const std::string& element) {
  auto open = xml.find("<" + element + ">");
  if (open == std::string::npos) return {};
  open += element.size() + 2;
  return xml.substr(open, xml.find("</" + element + ">", open) - open);
}

std::expected<std::string, std::string> Sns(Events& events, Params params,
                                            const std::string& what) {
  params["Version"] = "2010-03-31";
  auto reply = events.Sns(params);
  if (reply.http_status != 200) {
    return std::unexpected(what + ": " + XmlText(reply.body, "Message"));
  }
  return reply.body;
}

std::expected<void, std::string> EventBridge(Events& events, std::string_view operation,
                                             const json::object& body, const std::string& what) {
  auto reply = events.EventBridge(operation, json::serialize(body));
  if (reply.http_status != 200) {
    auto error = json::parse(reply.body).as_object();
    return std::unexpected(what + ": " + std::string(error["message"].as_string()));
  }
  return {};
}

std::expected<void, std::string> ApplyTopic(Events& events, const stack::TopicSpec& topic) {
  const std::string what = "stack.yaml: topics." + topic.name;
  auto created = Sns(events, {{"Action", "CreateTopic"}, {"Name", topic.name}}, what);
  if (!created) return std::unexpected(created.error());
  const std::string topic_arn = XmlText(*created, "TopicArn");
  for (const auto& s : topic.subscriptions) {
    const std::string endpoint = s.protocol == "lambda" && !s.endpoint.starts_with("arn:")
                                     ? events.FunctionArn(s.endpoint)
                                     : s.endpoint;
    auto subscribed = Sns(events,
                          {{"Action", "Subscribe"},
                           {"TopicArn", topic_arn},
                           {"Protocol", s.protocol},
                           {"Endpoint", endpoint},
                           {"ReturnSubscriptionArn", "true"}},
                          what + " subscription " + s.endpoint);
    if (!subscribed) return std::unexpected(subscribed.error());
    const std::string arn = XmlText(*subscribed, "SubscriptionArn");
    const std::map<std::string, std::string> attributes{
        {"FilterPolicy", s.filter_policy.value_or("")},
        {"RawMessageDelivery", s.raw_message_delivery ? "true" : "false"}};
    for (const auto& [name, value] : attributes) {
      auto set = Sns(events,
                     {{"Action", "SetSubscriptionAttributes"},
                      {"SubscriptionArn", arn},
                      {"AttributeName", name},
                      {"AttributeValue", value}},
                     what + " subscription " + s.endpoint);
      if (!set) return std::unexpected(set.error());
    }
  }
  return {};
}

std::string TargetId(const std::string& target) {
  static const std::regex kUnsafe("[^.\\-_A-Za-z0-9]");
  std::string id = std::regex_replace(target.substr(target.rfind(':') + 1), kUnsafe, "-");
  return id.substr(0, 64);
}

std::expected<void, std::string> ApplyRule(Events& events, const stack::RuleSpec& rule) {
  const std::string what = "stack.yaml: rules." + rule.name;
  if (rule.bus != "default") {
    auto bus =
        events.EventBridge("DescribeEventBus", json::serialize(json::object{{"Name", rule.bus}}));
    if (bus.http_status != 200) {
      auto created = EventBridge(events, "CreateEventBus", {{"Name", rule.bus}}, what);
      if (!created) return created;
    }
  }
  auto put = EventBridge(
      events, "PutRule",
      {{"Name", rule.name}, {"EventBusName", rule.bus}, {"EventPattern", rule.event_pattern}},
      what);
  if (!put) return put;
  if (rule.targets.empty()) return {};
  json::array targets;
  for (const auto& t : rule.targets) {
    targets.push_back(
        {{"Id", TargetId(t)}, {"Arn", t.starts_with("arn:") ? t : events.FunctionArn(t)}});
  }
  return EventBridge(events, "PutTargets",
                     {{"Rule", rule.name}, {"EventBusName", rule.bus}, {"Targets", targets}}, what);
}

}  // namespace

std::expected<void, std::string> ApplyStack(Events& events, const stack::Stack& stack) {
  for (const auto& topic : stack.topics) {
    if (auto ok = ApplyTopic(events, topic); !ok) return ok;
  }
  for (const auto& outbox : stack.outboxes) {
    // An outbox's topic exists even when no subscriber is declared yet.
    auto created = Sns(events, {{"Action", "CreateTopic"}, {"Name", outbox.topic}},
                       "stack.yaml: outbox.topic " + outbox.topic);
    if (!created) return std::unexpected(created.error());
  }
  for (const auto& rule : stack.rules) {
    if (auto ok = ApplyRule(events, rule); !ok) return ok;
  }
  return {};
}

}  // namespace nimbus::events
