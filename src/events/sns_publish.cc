// Publish and PublishBatch: validate, then hand one delivery per matching subscription to the
// Deliverer and answer; deliveries never hold Publish up.
#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <set>

#include "events/event_pattern.h"
#include "events/sns_actions.h"
#include "events/sns_errors.h"
#include "events/sns_messages.h"

namespace nimbus::events::sns {
namespace {

namespace errors = sns_errors;
namespace json = boost::json;

struct PublishRequest {
  std::optional<std::string> topic_arn;
  std::optional<std::string> message;
  std::optional<std::string> subject;
  std::string structure;
  std::map<std::string, MessageAttribute> attributes;
  std::optional<std::string> group_id;
  std::optional<std::string> deduplication_id;
};

bool IsNumber(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  return !ec && v.is_number();
}

std::expected<std::map<std::string, MessageAttribute>, aws::Error> ParseAttributes(
    const Params& params, const std::string& prefix) {
  std::map<std::string, MessageAttribute> out;
  for (int n = 1;; ++n) {
    const auto base = prefix + "MessageAttributes.entry." + std::to_string(n) + ".";
    auto name = Get(params, base + "Name");
    if (!name) break;
    const auto type = Get(params, base + "Value.DataType").value_or("");
    const auto string_value = Get(params, base + "Value.StringValue");
    const auto binary_value = Get(params, base + "Value.BinaryValue");
    if (name->empty()) {
      return std::unexpected(errors::InvalidParameterValue(
          "The request must contain non-empty message attribute name."));
    }
    const bool binary = type == "Binary" || type.starts_with("Binary.");
    if (!(type == "String" || type.starts_with("String.") || type == "Number" ||
          type.starts_with("Number.") || binary)) {
      return std::unexpected(errors::InvalidParameterValue(
          "The message attribute '" + *name +
          "' has an invalid message attribute type, the set of supported type prefixes is Binary, "
          "Number, and String."));
    }
    const auto& value = binary ? binary_value : string_value;
    if (!value || value->empty()) {
      return std::unexpected(errors::InvalidParameterValue(
          "The message attribute '" + *name +
          "' must contain non-empty message attribute value for message attribute type '" + type +
          "'."));
    }
    if (type.starts_with("Number") && !IsNumber(*value)) {
      return std::unexpected(errors::InvalidParameterValue("Could not cast message attribute '" +
                                                           *name + "' value to number."));
    }
    if (type == "String.Array") {
      boost::system::error_code ec;
      auto array = json::parse(*value, ec);
      if (ec || !array.is_array()) {
        return std::unexpected(errors::InvalidParameter(
            "Message attributes: The message attribute '" + *name +
            "' has an invalid value for message attribute type String.Array."));
      }
    }
    out[*name] = MessageAttribute{type, *value};
  }
  if (out.size() > kMaxMessageAttributes) {
    return std::unexpected(errors::InvalidParameterValue(
        "Number of message attributes [" + std::to_string(out.size()) +
        "] exceeds the allowed maximum [" + std::to_string(kMaxMessageAttributes) + "]."));
  }
  return out;
}

std::size_t PayloadBytes(const PublishRequest& r) {
  std::size_t bytes = r.message ? r.message->size() : 0;
  for (const auto& [name, a] : r.attributes) bytes += name.size() + a.type.size() + a.value.size();
  return bytes;
}

// The checks that need no topic. `prefix` addresses one PublishBatch entry.
std::expected<PublishRequest, aws::Error> ParsePublish(const Params& params,
                                                       const std::string& prefix) {
  PublishRequest r;
  r.topic_arn = Get(params, prefix + "TopicArn");
  if (!r.topic_arn) r.topic_arn = Get(params, prefix + "TargetArn");
  r.message = Get(params, prefix + "Message");
  r.subject = Get(params, prefix + "Subject");
  r.structure = Get(params, prefix + "MessageStructure").value_or("");
  r.group_id = Get(params, prefix + "MessageGroupId");
  r.deduplication_id = Get(params, prefix + "MessageDeduplicationId");
  if (!r.message) return std::unexpected(errors::MissingMember("message"));
  if (r.message->empty()) return std::unexpected(errors::InvalidParameter("Empty message"));
  if (r.subject) {
    bool printable = !r.subject->empty() && r.subject->size() <= kMaxSubjectChars;
    for (unsigned char c : *r.subject) printable = printable && c >= 0x20 && c != 0x7F;
    if (!printable) return std::unexpected(errors::InvalidParameter("Subject"));
  }
  auto attributes = ParseAttributes(params, prefix);
  if (!attributes) return std::unexpected(attributes.error());
  r.attributes = std::move(*attributes);
  if (PayloadBytes(r) > kMaxMessageBytes) {
    return std::unexpected(errors::InvalidParameter("Message too long"));
  }
  if (!r.structure.empty()) {
    if (r.structure != "json") {
      return std::unexpected(errors::InvalidParameter("MessageStructure"));
    }
    boost::system::error_code ec;
    auto doc = json::parse(*r.message, ec);
    if (ec || !doc.is_object()) {
      return std::unexpected(
          errors::InvalidParameter("Message Structure - No JSON message body is parseable"));
    }
    const auto* fallback = doc.as_object().if_contains("default");
    if (!fallback || !fallback->is_string()) {
      return std::unexpected(
          errors::InvalidParameter("Message Structure - No default entry in JSON message body"));
    }
  }
  return r;
}

// With MessageStructure=json each protocol may have its own text; "default" for the rest.
std::string MessageFor(const PublishRequest& r, const std::string& protocol) {
  if (r.structure != "json") return *r.message;
  const auto doc = json::parse(*r.message).as_object();
  if (const auto* own = doc.if_contains(protocol); own && own->is_string()) {
    return std::string(own->as_string());
  }
  return std::string(doc.at("default").as_string());
}

bool PassesFilter(const Subscription& s, const PublishRequest& r, const std::string& message) {
  auto policy_text = s.attributes.find("FilterPolicy");
  if (policy_text == s.attributes.end() || policy_text->second.empty()) return true;
  auto policy = EventPattern::Parse(policy_text->second);
  if (!policy) return false;
  auto scope = s.attributes.find("FilterPolicyScope");
  if (scope != s.attributes.end() && scope->second == "MessageBody") {
    boost::system::error_code ec;
    auto body = json::parse(message, ec);
    return !ec && body.is_object() && policy->Matches(body);
  }
  json::object attributes;
  for (const auto& [name, a] : r.attributes) {
    if (a.type.starts_with("Binary")) continue;
    if (a.type.starts_with("Number") || a.type == "String.Array") {
      attributes[name] = json::parse(a.value);
    } else {
      attributes[name] = a.value;
    }
  }
  return policy->Matches(attributes);
}

void Deliver(Core& core, const Subscription& s, const PublishRequest& r, const Notification& base,
             const std::string& topic_delivery_policy) {
  Notification n = base;
  n.message = MessageFor(r, s.protocol);
  if (!PassesFilter(s, r, n.message)) return;
  const std::string what = "sns " + s.arn + " -> " + s.protocol + " " + s.endpoint;
  if (s.protocol == "lambda") {
    core.deliverer.ToLambda(FunctionNameOf(s.endpoint),
                            LambdaEvent(n, s.arn, core.options.endpoint_url),
                            core.options.lambda_retry, what);
  } else if (s.protocol == "http" || s.protocol == "https") {
    auto policy = core.options.http_retry;
    if (!topic_delivery_policy.empty()) policy = RetryPolicyFromJson(topic_delivery_policy, policy);
    if (auto own = s.attributes.find("DeliveryPolicy"); own != s.attributes.end()) {
      policy = RetryPolicyFromJson(own->second, policy);
    }
    auto headers = HttpHeaders("Notification", n.message_id, n.topic_arn, s.arn);
    std::string body;
    if (auto raw = s.attributes.find("RawMessageDelivery");
        raw != s.attributes.end() && raw->second == "true") {
      headers["x-amz-sns-rawdelivery"] = "true";
      body = n.message;
    } else {
      body = HttpNotificationBody(n, s.arn, core.options.endpoint_url);
    }
    core.deliverer.ToHttp(s.endpoint, std::move(headers), std::move(body), policy, what);
  } else {
    core.log("events: " + what + ": the " + s.protocol + " protocol is not delivered locally");
  }
}

struct Published {
  std::string message_id;
  std::string sequence_number;  // FIFO topics
};

std::expected<Published, aws::Error> Fanout(Core& core, const PublishRequest& r) {
  std::vector<Subscription> subscriptions;
  std::string delivery_policy;
  bool fifo = false;
  {
    std::lock_guard lock(core.mutex);
    if (!r.topic_arn) {
      return std::unexpected(errors::InvalidParameter(
          "TopicArn or TargetArn Reason: no value for required parameter"));
    }
    auto topic = FindTopic(core, r.topic_arn);
    if (!topic) return std::unexpected(topic.error());
    const auto& attributes = (*topic)->attributes;
    fifo = attributes.contains("FifoTopic") && attributes.at("FifoTopic") == "true";
    if (auto dp = attributes.find("DeliveryPolicy"); dp != attributes.end()) {
      delivery_policy = dp->second;
    }
    if (fifo && !r.group_id) {
      return std::unexpected(
          errors::InvalidParameter("The MessageGroupId parameter is required for FIFO topics"));
    }
    if (fifo && !r.deduplication_id &&
        (!attributes.contains("ContentBasedDeduplication") ||
         attributes.at("ContentBasedDeduplication") != "true")) {
      return std::unexpected(errors::InvalidParameter(
          "The topic should either have ContentBasedDeduplication enabled or "
          "MessageDeduplicationId provided explicitly"));
    }
    for (const auto& [arn, s] : core.state.subscriptions) {
      if (s.topic_arn == *r.topic_arn && !s.pending) subscriptions.push_back(s);
    }
  }
  Notification base{NewUuid(),   *r.topic_arn, "", r.subject, IsoTime(core.Now(), true),
                    r.attributes};
  for (const auto& s : subscriptions) Deliver(core, s, r, base, delivery_policy);
  Published out{base.message_id, ""};
  if (fifo) {
    static std::atomic<unsigned long long> sequence{10000000000000000000ULL};
    out.sequence_number = std::to_string(sequence.fetch_add(1));
  }
  return out;
}

}  // namespace

Outcome Publish(Core& core, const Params& params) {
  auto request = ParsePublish(params, "");
  if (!request) return std::unexpected(request.error());
  auto published = Fanout(core, *request);
  if (!published) return std::unexpected(published.error());
  std::string xml = XmlElement("MessageId", published->message_id);
  if (!published->sequence_number.empty()) {
    xml += XmlElement("SequenceNumber", published->sequence_number);
  }
  return ActionResult{xml};
}

Outcome PublishBatch(Core& core, const Params& params) {
  const auto topic_arn = Get(params, "TopicArn");
  const auto entries = MemberList(params, "PublishBatchRequestEntries");
  if (entries.empty()) {
    return std::unexpected(
        aws::Error{400, "EmptyBatchRequest", "The batch request doesn't contain any entries."});
  }
  if (entries.size() > kMaxBatchEntries) {
    return std::unexpected(aws::Error{400, "TooManyEntriesInBatchRequest",
                                      "The batch request contains more entries than permissible."});
  }
  std::set<std::string> ids;
  std::size_t total_bytes = 0;
  std::vector<std::pair<std::string, std::expected<PublishRequest, aws::Error>>> parsed;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto prefix = "PublishBatchRequestEntries.member." + std::to_string(i + 1) + ".";
    auto id = Get(params, prefix + "Id").value_or("");
    if (!ids.insert(id).second) {
      return std::unexpected(
          aws::Error{400, "BatchEntryIdsNotDistinct",
                     "Two or more batch entries in the request have the same Id."});
    }
    auto request = ParsePublish(params, prefix);
    if (request) {
      request->topic_arn = topic_arn;
      total_bytes += PayloadBytes(*request);
    }
    parsed.emplace_back(std::move(id), std::move(request));
  }
  if (total_bytes > kMaxMessageBytes) {
    return std::unexpected(
        aws::Error{400, "BatchRequestTooLong",
                   "The length of all the messages put together is more than the limit."});
  }
  {
    std::lock_guard lock(core.mutex);
    if (auto topic = FindTopic(core, topic_arn); !topic) return std::unexpected(topic.error());
  }
  std::string successful = "<Successful>", failed = "<Failed>";
  for (auto& [id, request] : parsed) {
    auto published = request
                         ? Fanout(core, *request)
                         : std::expected<Published, aws::Error>(std::unexpected(request.error()));
    if (published) {
      successful += "<member>" + XmlElement("Id", id) +
                    XmlElement("MessageId", published->message_id) + "</member>";
    } else {
      failed += "<member>" + XmlElement("Id", id) + XmlElement("Code", published.error().code) +
                XmlElement("Message", published.error().message) +
                XmlElement("SenderFault", "true") + "</member>";
    }
  }
  return ActionResult{successful + "</Successful>" + failed + "</Failed>"};
}

}  // namespace nimbus::events::sns
