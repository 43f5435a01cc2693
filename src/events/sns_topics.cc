// Topics: CreateTopic (idempotent), DeleteTopic, ListTopics, attributes and tags.
#include <boost/json/parse.hpp>
#include <regex>
#include <set>

#include "events/sns_actions.h"
#include "events/sns_errors.h"

namespace nimbus::events::sns {
namespace {

namespace errors = sns_errors;

// Attributes SetTopicAttributes accepts; CreateTopic takes FifoTopic as well.
const std::set<std::string, std::less<>>& SettableTopicAttributes() {
  static const std::set<std::string, std::less<>> kNames{
      "DeliveryPolicy",
      "DisplayName",
      "Policy",
      "TracingConfig",
      "KmsMasterKeyId",
      "SignatureVersion",
      "ContentBasedDeduplication",
      "ArchivePolicy",
      "DataProtectionPolicy",
      "FifoThroughputScope",
      "HTTPSuccessFeedbackRoleArn",
      "HTTPSuccessFeedbackSampleRate",
      "HTTPFailureFeedbackRoleArn",
      "LambdaSuccessFeedbackRoleArn",
      "LambdaSuccessFeedbackSampleRate",
      "LambdaFailureFeedbackRoleArn",
      "SQSSuccessFeedbackRoleArn",
      "SQSSuccessFeedbackSampleRate",
      "SQSFailureFeedbackRoleArn",
      "FirehoseSuccessFeedbackRoleArn",
      "FirehoseSuccessFeedbackSampleRate",
      "FirehoseFailureFeedbackRoleArn",
      "ApplicationSuccessFeedbackRoleArn",
      "ApplicationSuccessFeedbackSampleRate",
      "ApplicationFailureFeedbackRoleArn",
  };
  return kNames;
}

std::string DefaultPolicy(const std::string& arn, const std::string& account) {
  return R"({"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission","SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":")" +
         arn + R"(","Condition":{"StringEquals":{"AWS:SourceOwner":")" + account + R"("}}}]})";
}

constexpr std::string_view kDefaultEffectiveDeliveryPolicy =
    R"({"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}})";

std::expected<void, aws::Error> CheckAttribute(const std::string& name, const std::string& value,
                                               bool creating) {
  if (!SettableTopicAttributes().contains(name) && !(creating && name == "FifoTopic")) {
    return std::unexpected(errors::InvalidParameter("AttributeName"));
  }
  if ((name == "DeliveryPolicy" || name == "Policy") && !value.empty()) {
    boost::system::error_code ec;
    auto json = boost::json::parse(value, ec);
    if (ec || !json.is_object()) {
      return std::unexpected(errors::InvalidParameter(name + ": failed to parse JSON."));
    }
  }
  if ((name == "FifoTopic" || name == "ContentBasedDeduplication") && value != "true" &&
      value != "false") {
    return std::unexpected(
        errors::InvalidParameter(name + ": Invalid value [" + value + "] for " + name + "."));
  }
  return {};
}

std::expected<std::map<std::string, std::string>, aws::Error> Tags(const Params& params) {
  std::map<std::string, std::string> tags;
  for (const auto& member : MemberList(params, "Tags")) {
    auto key = member.find("Key");
    if (key == member.end() || key->second.empty() || key->second.size() > 128) {
      return std::unexpected(errors::InvalidParameter("Tags.Key"));
    }
    auto value = member.find("Value");
    tags[key->second] = value == member.end() ? "" : value->second;
  }
  if (tags.size() > kMaxTagsPerTopic) return std::unexpected(errors::TagLimitExceeded());
  return tags;
}

std::expected<Topic*, aws::Error> FindTaggable(Core& core, const Params& params) {
  auto arn = Get(params, "ResourceArn");
  if (!arn) return std::unexpected(errors::MissingMember("resourceArn"));
  auto it = core.state.topics.find(*arn);
  if (it == core.state.topics.end()) return std::unexpected(errors::ResourceNotFound());
  return &it->second;
}

}  // namespace

std::string XmlElement(std::string_view name, std::string_view text) {
  return "<" + std::string(name) + ">" + XmlEscape(text) + "</" + std::string(name) + ">";
}

std::string XmlAttributes(const std::map<std::string, std::string>& attributes) {
  std::string xml = "<Attributes>";
  for (const auto& [k, v] : attributes) {
    xml += "<entry>" + XmlElement("key", k) + XmlElement("value", v) + "</entry>";
  }
  return xml + "</Attributes>";
}

std::expected<Topic*, aws::Error> FindTopic(Core& core, const std::optional<std::string>& arn,
                                            std::string_view member) {
  if (!arn)
    return std::unexpected(errors::MissingMember(member == "TopicArn" ? "topicArn" : member));
  if (!arn->starts_with("arn:") || std::count(arn->begin(), arn->end(), ':') < 5) {
    return std::unexpected(errors::InvalidParameter(member));
  }
  auto it = core.state.topics.find(*arn);
  if (it == core.state.topics.end()) return std::unexpected(errors::TopicNotFound());
  return &it->second;
}

Outcome CreateTopic(Core& core, const Params& params) {
  auto name = Get(params, "Name");
  if (!name) return std::unexpected(errors::MissingMember("name"));
  auto attributes = EntryMap(params, "Attributes");
  for (const auto& [k, v] : attributes) {
    if (auto ok = CheckAttribute(k, v, true); !ok) return std::unexpected(ok.error());
  }
  const bool fifo = attributes.contains("FifoTopic") && attributes["FifoTopic"] == "true";
  static const std::regex kName("[A-Za-z0-9_-]+");
  const std::string base =
      fifo && name->ends_with(".fifo") ? name->substr(0, name->size() - 5) : *name;
  if (name->empty() || name->size() > kMaxTopicNameChars || !std::regex_match(base, kName)) {
    return std::unexpected(errors::InvalidParameter("Topic Name"));
  }
  if (fifo != name->ends_with(".fifo")) {
    return std::unexpected(errors::InvalidParameter(
        "Fifo Topic names must end with .fifo and must be made up of only uppercase and "
        "lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and "
        "256 characters long."));
  }
  if (attributes.contains("FifoTopic") && attributes["FifoTopic"] == "false") {
    attributes.erase("FifoTopic");
  }
  auto tags = Tags(params);
  if (!tags) return std::unexpected(tags.error());

  std::lock_guard lock(core.mutex);
  const std::string arn = core.SnsArnPrefix() + *name;
  if (auto it = core.state.topics.find(arn); it != core.state.topics.end()) {
    // Idempotent: the same name gives the same topic, unless the request says otherwise.
    for (const auto& [k, v] : attributes) {
      auto have = it->second.attributes.find(k);
      if (have == it->second.attributes.end() || have->second != v) {
        return std::unexpected(errors::InvalidParameter(
            "Attributes Reason: Topic already exists with different attributes"));
      }
    }
    for (const auto& [k, v] : *tags) {
      auto have = it->second.tags.find(k);
      if (have == it->second.tags.end() || have->second != v) {
        return std::unexpected(
            errors::InvalidParameter("Tags Reason: Topic already exists with different tags"));
      }
    }
    return ActionResult{XmlElement("TopicArn", arn)};
  }
  core.state.topics[arn] = Topic{arn, *name, std::move(attributes), std::move(*tags)};
  if (auto saved = core.Save(); !saved) {
    core.state.topics.erase(arn);
    return std::unexpected(saved.error());
  }
  return ActionResult{XmlElement("TopicArn", arn)};
}

Outcome DeleteTopic(Core& core, const Params& params) {
  auto arn = Get(params, "TopicArn");
  std::lock_guard lock(core.mutex);
  auto topic = FindTopic(core, arn);
  // Deleting a topic that does not exist is not an error.
  if (!topic && topic.error().code == "NotFound") return ActionResult{"", true};
  if (!topic) return std::unexpected(topic.error());
  auto before = core.state;
  core.state.topics.erase(*arn);
  std::erase_if(core.state.subscriptions,
                [&](const auto& s) { return s.second.topic_arn == *arn; });
  if (auto saved = core.Save(); !saved) {
    core.state = std::move(before);
    return std::unexpected(saved.error());
  }
  return ActionResult{"", true};
}

Outcome ListTopics(Core& core, const Params& params) {
  const auto token = Get(params, "NextToken").value_or("");
  std::lock_guard lock(core.mutex);
  const auto& topics = core.state.topics;
  auto it = token.empty() ? topics.begin() : topics.lower_bound(token);
  if (!token.empty() && it == topics.end()) {
    return std::unexpected(errors::InvalidParameter("NextToken"));
  }
  std::string xml = "<Topics>";
  std::size_t n = 0;
  for (; it != topics.end() && n < kListPageSize; ++it, ++n) {
    xml += "<member>" + XmlElement("TopicArn", it->first) + "</member>";
  }
  xml += "</Topics>";
  if (it != topics.end()) xml += XmlElement("NextToken", it->first);
  return ActionResult{xml};
}

Outcome GetTopicAttributes(Core& core, const Params& params) {
  std::lock_guard lock(core.mutex);
  auto topic = FindTopic(core, Get(params, "TopicArn"));
  if (!topic) return std::unexpected(topic.error());
  const Topic& t = **topic;
  int pending = 0, confirmed = 0;
  for (const auto& [arn, s] : core.state.subscriptions) {
    if (s.topic_arn != t.arn) continue;
    (s.pending ? pending : confirmed)++;
  }
  std::map<std::string, std::string> attributes{
      {"TopicArn", t.arn},
      {"Owner", core.options.account_id},
      {"Policy", DefaultPolicy(t.arn, core.options.account_id)},
      {"DisplayName", ""},
      {"SubscriptionsPending", std::to_string(pending)},
      {"SubscriptionsConfirmed", std::to_string(confirmed)},
      {"SubscriptionsDeleted", "0"},
      {"EffectiveDeliveryPolicy", std::string(kDefaultEffectiveDeliveryPolicy)},
  };
  for (const auto& [k, v] : t.attributes) attributes[k] = v;
  if (auto dp = t.attributes.find("DeliveryPolicy"); dp != t.attributes.end()) {
    attributes["EffectiveDeliveryPolicy"] = dp->second;
  }
  return ActionResult{XmlAttributes(attributes)};
}

Outcome SetTopicAttributes(Core& core, const Params& params) {
  auto name = Get(params, "AttributeName");
  if (!name) return std::unexpected(errors::MissingMember("attributeName"));
  const auto value = Get(params, "AttributeValue").value_or("");
  if (auto ok = CheckAttribute(*name, value, false); !ok) return std::unexpected(ok.error());
  std::lock_guard lock(core.mutex);
  auto topic = FindTopic(core, Get(params, "TopicArn"));
  if (!topic) return std::unexpected(topic.error());
  auto before = (*topic)->attributes;
  (*topic)->attributes[*name] = value;
  if (auto saved = core.Save(); !saved) {
    (*topic)->attributes = std::move(before);
    return std::unexpected(saved.error());
  }
  return ActionResult{"", true};
}

Outcome TagResource(Core& core, const Params& params) {
  auto tags = Tags(params);
  if (!tags) return std::unexpected(tags.error());
  std::lock_guard lock(core.mutex);
  auto topic = FindTaggable(core, params);
  if (!topic) return std::unexpected(topic.error());
  auto merged = (*topic)->tags;
  for (const auto& [k, v] : *tags) merged[k] = v;
  if (merged.size() > kMaxTagsPerTopic) return std::unexpected(errors::TagLimitExceeded());
  std::swap((*topic)->tags, merged);
  if (auto saved = core.Save(); !saved) {
    std::swap((*topic)->tags, merged);
    return std::unexpected(saved.error());
  }
  return ActionResult{""};
}

Outcome UntagResource(Core& core, const Params& params) {
  std::lock_guard lock(core.mutex);
  auto topic = FindTaggable(core, params);
  if (!topic) return std::unexpected(topic.error());
  auto before = (*topic)->tags;
  for (const auto& member : MemberList(params, "TagKeys")) {
    if (auto key = member.find(""); key != member.end()) (*topic)->tags.erase(key->second);
  }
  if (auto saved = core.Save(); !saved) {
    (*topic)->tags = std::move(before);
    return std::unexpected(saved.error());
  }
  return ActionResult{""};
}

Outcome ListTagsForResource(Core& core, const Params& params) {
  std::lock_guard lock(core.mutex);
  auto topic = FindTaggable(core, params);
  if (!topic) return std::unexpected(topic.error());
  std::string xml = "<Tags>";
  for (const auto& [k, v] : (*topic)->tags) {
    xml += "<member>" + XmlElement("Key", k) + XmlElement("Value", v) + "</member>";
  }
  return ActionResult{xml + "</Tags>"};
}

}  // namespace nimbus::events::sns
