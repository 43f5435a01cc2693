// Subscriptions: Subscribe (lambda confirmed at once, http/https after the endpoint visits the
// SubscribeURL), ConfirmSubscription, Unsubscribe, the listings and the attributes.
#include <random>
#include <set>

#include "events/event_pattern.h"
#include "events/sns_actions.h"
#include "events/sns_errors.h"
#include "events/sns_messages.h"

namespace nimbus::events::sns {
namespace {

namespace errors = sns_errors;

// SNS's protocols. Only lambda and http/https are delivered locally; the others are accepted
// (so stacks that use them load) and their deliveries logged as skipped.
const std::set<std::string, std::less<>> kProtocols{
    "http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"};

const std::set<std::string, std::less<>> kSubscriptionAttributes{
    "DeliveryPolicy", "FilterPolicy",        "FilterPolicyScope", "RawMessageDelivery",
    "RedrivePolicy",  "SubscriptionRoleArn", "ReplayPolicy"};

bool NeedsConfirmation(std::string_view protocol) {
  return protocol == "http" || protocol == "https" || protocol == "email" ||
         protocol == "email-json";
}

std::string NewToken() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token(128, '0');
  for (auto& c : token) c = kHex[engine() % 16];
  return token;
}

std::expected<void, aws::Error> CheckAttribute(const std::string& name, const std::string& value) {
  if (!kSubscriptionAttributes.contains(name)) {
    return std::unexpected(errors::InvalidParameter("AttributeName"));
  }
  if (name == "FilterPolicy" && !value.empty()) {
    auto pattern = EventPattern::Parse(value);
    if (!pattern)
      return std::unexpected(errors::InvalidParameter("FilterPolicy: " + pattern.error()));
  }
  if (name == "FilterPolicyScope" && value != "MessageAttributes" && value != "MessageBody") {
    return std::unexpected(
        errors::InvalidParameter("Attributes Reason: FilterPolicyScope: Invalid value [" + value +
                                 "]. Please use either MessageBody or MessageAttributes"));
  }
  if (name == "RawMessageDelivery" && value != "true" && value != "false") {
    return std::unexpected(
        errors::InvalidParameter("Attributes Reason: RawMessageDelivery: Invalid value [" + value +
                                 "]. Must be true or false."));
  }
  return {};
}

std::expected<void, aws::Error> CheckEndpoint(const std::string& protocol,
                                              const std::string& endpoint) {
  if (protocol == "http" || protocol == "https") {
    if (!endpoint.starts_with(protocol + "://") || endpoint.size() <= protocol.size() + 3) {
      return std::unexpected(
          errors::InvalidParameter("Endpoint must match the specified protocol"));
    }
  } else if (protocol == "lambda") {
    if (!endpoint.starts_with("arn:aws:lambda:") ||
        endpoint.find(":function:") == std::string::npos) {
      return std::unexpected(errors::InvalidParameter("Lambda endpoint ARN"));
    }
  } else if (endpoint.empty()) {
    return std::unexpected(errors::InvalidParameter("Endpoint"));
  }
  return {};
}

std::expected<Subscription*, aws::Error> FindSubscription(Core& core,
                                                          const std::optional<std::string>& arn) {
  if (!arn) return std::unexpected(errors::MissingMember("subscriptionArn"));
  const auto parts = std::count(arn->begin(), arn->end(), ':') + 1;
  if (parts < 6) {
    return std::unexpected(errors::InvalidParameter(
        "SubscriptionArn Reason: An ARN must have at least 6 elements, not " +
        std::to_string(parts)));
  }
  auto it = core.state.subscriptions.find(*arn);
  if (it == core.state.subscriptions.end()) return std::unexpected(errors::SubscriptionNotFound());
  return &it->second;
}

std::string Member(const Subscription& s) {
  return "<member>" + XmlElement("SubscriptionArn", s.pending ? "PendingConfirmation" : s.arn) +
         XmlElement("Owner", s.owner) + XmlElement("Protocol", s.protocol) +
         XmlElement("Endpoint", s.endpoint) + XmlElement("TopicArn", s.topic_arn) + "</member>";
}

Outcome ListPage(Core& core, const Params& params, const std::optional<std::string>& topic_arn) {
  const auto token = Get(params, "NextToken").value_or("");
  const auto& subs = core.state.subscriptions;
  auto it = token.empty() ? subs.begin() : subs.lower_bound(token);
  if (!token.empty() && it == subs.end()) {
    return std::unexpected(errors::InvalidParameter("NextToken"));
  }
  std::string xml = "<Subscriptions>";
  std::size_t n = 0;
  for (; it != subs.end(); ++it) {
    if (topic_arn && it->second.topic_arn != *topic_arn) continue;
    if (n == kListPageSize) break;
    xml += Member(it->second);
    ++n;
  }
  xml += "</Subscriptions>";
  if (it != subs.end()) xml += XmlElement("NextToken", it->first);
  return ActionResult{xml};
}

}  // namespace

void SendConfirmation(Core& core, const Subscription& s, std::string_view type) {
  if (s.protocol != "http" && s.protocol != "https") return;
  const std::string message_id = NewUuid();
  auto body = ConfirmationBody(type, message_id, s.token, s.topic_arn, IsoTime(core.Now(), true),
                               core.options.endpoint_url);
  core.deliverer.ToHttp(s.endpoint, HttpHeaders(type, message_id, s.topic_arn, s.arn),
                        std::move(body), core.options.http_retry,
                        "sns " + std::string(type) + " " + s.arn + " -> " + s.endpoint);
}

Outcome Subscribe(Core& core, const Params& params) {
  auto protocol = Get(params, "Protocol");
  if (!protocol) return std::unexpected(errors::MissingMember("protocol"));
  const auto endpoint = Get(params, "Endpoint").value_or("");
  const bool return_arn = Get(params, "ReturnSubscriptionArn").value_or("false") == "true";
  auto attributes = EntryMap(params, "Attributes");
  std::lock_guard lock(core.mutex);
  auto topic = FindTopic(core, Get(params, "TopicArn"));
  if (!topic) return std::unexpected(topic.error());
  if (!kProtocols.contains(*protocol)) {
    return std::unexpected(
        errors::InvalidParameter("Amazon SNS does not support this protocol string: " + *protocol));
  }
  if (auto ok = CheckEndpoint(*protocol, endpoint); !ok) return std::unexpected(ok.error());
  for (const auto& [k, v] : attributes) {
    if (auto ok = CheckAttribute(k, v); !ok) return std::unexpected(ok.error());
  }
  const std::string topic_arn = (*topic)->arn;
  for (const auto& [arn, s] : core.state.subscriptions) {
    if (s.topic_arn != topic_arn || s.protocol != *protocol || s.endpoint != endpoint) continue;
    // The same subscription again: SNS answers with the one it has.
    for (const auto& [k, v] : attributes) {
      auto have = s.attributes.find(k);
      if (have == s.attributes.end() || have->second != v) {
        return std::unexpected(errors::InvalidParameter(
            "Attributes Reason: Subscription already exists with different attributes"));
      }
    }
    return ActionResult{
        XmlElement("SubscriptionArn", s.pending && !return_arn ? "pending confirmation" : arn)};
  }
  Subscription s{.arn = topic_arn + ":" + NewUuid(),
                 .topic_arn = topic_arn,
                 .protocol = *protocol,
                 .endpoint = endpoint,
                 .owner = core.options.account_id,
                 .pending = NeedsConfirmation(*protocol),
                 .token = NeedsConfirmation(*protocol) ? NewToken() : "",
                 .attributes = std::move(attributes)};
  core.state.subscriptions[s.arn] = s;
  if (auto saved = core.Save(); !saved) {
    core.state.subscriptions.erase(s.arn);
    return std::unexpected(saved.error());
  }
  if (s.pending) SendConfirmation(core, s, "SubscriptionConfirmation");
  return ActionResult{
      XmlElement("SubscriptionArn", s.pending && !return_arn ? "pending confirmation" : s.arn)};
}

Outcome ConfirmSubscription(Core& core, const Params& params) {
  auto token = Get(params, "Token");
  if (!token) return std::unexpected(errors::MissingMember("token"));
  std::lock_guard lock(core.mutex);
  auto topic = FindTopic(core, Get(params, "TopicArn"));
  if (!topic) return std::unexpected(topic.error());
  for (auto& [arn, s] : core.state.subscriptions) {
    if (s.topic_arn != (*topic)->arn || s.token.empty() || s.token != *token) continue;
    if (s.pending) {
      s.pending = false;
      if (auto saved = core.Save(); !saved) {
        s.pending = true;
        return std::unexpected(saved.error());
      }
    }
    return ActionResult{XmlElement("SubscriptionArn", arn)};
  }
  return std::unexpected(errors::InvalidParameter("Token"));
}

Outcome Unsubscribe(Core& core, const Params& params) {
  std::lock_guard lock(core.mutex);
  auto sub = FindSubscription(core, Get(params, "SubscriptionArn"));
  if (!sub) return std::unexpected(sub.error());
  const Subscription gone = **sub;
  core.state.subscriptions.erase(gone.arn);
  if (auto saved = core.Save(); !saved) {
    core.state.subscriptions[gone.arn] = gone;
    return std::unexpected(saved.error());
  }
  if (!gone.pending) SendConfirmation(core, gone, "UnsubscribeConfirmation");
  return ActionResult{"", true};
}

Outcome ListSubscriptions(Core& core, const Params& params) {
  std::lock_guard lock(core.mutex);
  return ListPage(core, params, std::nullopt);
}

Outcome ListSubscriptionsByTopic(Core& core, const Params& params) {
  std::lock_guard lock(core.mutex);
  auto topic = FindTopic(core, Get(params, "TopicArn"));
  if (!topic) return std::unexpected(topic.error());
  return ListPage(core, params, (*topic)->arn);
}

Outcome GetSubscriptionAttributes(Core& core, const Params& params) {
  std::lock_guard lock(core.mutex);
  auto sub = FindSubscription(core, Get(params, "SubscriptionArn"));
  if (!sub) return std::unexpected(sub.error());
  const Subscription& s = **sub;
  std::map<std::string, std::string> attributes{
      {"SubscriptionArn", s.arn},
      {"TopicArn", s.topic_arn},
      {"Owner", s.owner},
      {"Protocol", s.protocol},
      {"Endpoint", s.endpoint},
      {"ConfirmationWasAuthenticated", "false"},
      {"PendingConfirmation", s.pending ? "true" : "false"},
      {"RawMessageDelivery", "false"},
      {"SubscriptionPrincipal", "arn:aws:iam::" + s.owner + ":user/nimbus"},
  };
  for (const auto& [k, v] : s.attributes) attributes[k] = v;
  if (attributes.contains("FilterPolicy") && !attributes.contains("FilterPolicyScope")) {
    attributes["FilterPolicyScope"] = "MessageAttributes";
  }
  return ActionResult{XmlAttributes(attributes)};
}

Outcome SetSubscriptionAttributes(Core& core, const Params& params) {
  auto name = Get(params, "AttributeName");
  if (!name) return std::unexpected(errors::MissingMember("attributeName"));
  const auto value = Get(params, "AttributeValue").value_or("");
  if (auto ok = CheckAttribute(*name, value); !ok) return std::unexpected(ok.error());
  std::lock_guard lock(core.mutex);
  auto sub = FindSubscription(core, Get(params, "SubscriptionArn"));
  if (!sub) return std::unexpected(sub.error());
  auto before = (*sub)->attributes;
  if (value.empty()) {
    (*sub)->attributes.erase(*name);
  } else {
    (*sub)->attributes[*name] = value;
  }
  if (auto saved = core.Save(); !saved) {
    (*sub)->attributes = std::move(before);
    return std::unexpected(saved.error());
  }
  return ActionResult{"", true};
}

}  // namespace nimbus::events::sns
