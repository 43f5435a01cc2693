// The SNS actions, one function each, called by the dispatch table in sns_service.cc. Each
// returns the inside of its <Action>Result> element, or the error.
#pragma once

#include <expected>
#include <string>

#include "aws/error.h"
#include "events/core.h"
#include "events/query.h"

namespace nimbus::events::sns {

// Limits SNS documents.
inline constexpr std::size_t kMaxMessageBytes = 262'144;  // message + attributes, 256 KiB
inline constexpr std::size_t kMaxSubjectChars = 100;
inline constexpr std::size_t kMaxMessageAttributes = 10;
inline constexpr std::size_t kMaxTopicNameChars = 256;
inline constexpr std::size_t kMaxTagsPerTopic = 50;
inline constexpr std::size_t kMaxBatchEntries = 10;
inline constexpr std::size_t kListPageSize = 100;  // ListTopics, ListSubscriptions*

struct ActionResult {
  std::string xml;
  bool no_result = false;  // the reply has no <Action>Result> element
};
using Outcome = std::expected<ActionResult, aws::Error>;
using Core = Events::Core;

Outcome CreateTopic(Core& core, const Params& params);
Outcome DeleteTopic(Core& core, const Params& params);
Outcome ListTopics(Core& core, const Params& params);
Outcome GetTopicAttributes(Core& core, const Params& params);
Outcome SetTopicAttributes(Core& core, const Params& params);
Outcome TagResource(Core& core, const Params& params);
Outcome UntagResource(Core& core, const Params& params);
Outcome ListTagsForResource(Core& core, const Params& params);

Outcome Subscribe(Core& core, const Params& params);
Outcome ConfirmSubscription(Core& core, const Params& params);
Outcome Unsubscribe(Core& core, const Params& params);
Outcome ListSubscriptions(Core& core, const Params& params);
Outcome ListSubscriptionsByTopic(Core& core, const Params& params);
Outcome GetSubscriptionAttributes(Core& core, const Params& params);
Outcome SetSubscriptionAttributes(Core& core, const Params& params);

Outcome Publish(Core& core, const Params& params);
Outcome PublishBatch(Core& core, const Params& params);

// Shared by the actions.
// The topic an ARN names, checked for form. REQUIRES: core.mutex held.
std::expected<Topic*, aws::Error> FindTopic(Core& core, const std::optional<std::string>& arn,
                                            std::string_view member = "TopicArn");
std::string XmlElement(std::string_view name, std::string_view text);
// <Attributes><entry><key>..</key><value>..</value></entry>...</Attributes>
std::string XmlAttributes(const std::map<std::string, std::string>& attributes);
// A subscription's HTTP message about itself (SubscriptionConfirmation, UnsubscribeConfirmation).
void SendConfirmation(Core& core, const Subscription& subscription, std::string_view type);

}  // namespace nimbus::events::sns
