// SNS's query protocol: the name-keyed action table, the Version check and the one place an
// action's outcome becomes the XML reply.
#include <map>

#include "events/core.h"
#include "events/sns_actions.h"
#include "events/sns_errors.h"

namespace nimbus::events {
namespace {

constexpr std::string_view kSnsVersion = "2010-03-31";

using Action = sns::Outcome (*)(sns::Core&, const Params&);

const std::map<std::string, Action, std::less<>>& Actions() {
  static const std::map<std::string, Action, std::less<>> kActions{
      {"CreateTopic", sns::CreateTopic},
      {"DeleteTopic", sns::DeleteTopic},
      {"ListTopics", sns::ListTopics},
      {"GetTopicAttributes", sns::GetTopicAttributes},
      {"SetTopicAttributes", sns::SetTopicAttributes},
      {"TagResource", sns::TagResource},
      {"UntagResource", sns::UntagResource},
      {"ListTagsForResource", sns::ListTagsForResource},
      {"Subscribe", sns::Subscribe},
      {"ConfirmSubscription", sns::ConfirmSubscription},
      {"Unsubscribe", sns::Unsubscribe},
      {"ListSubscriptions", sns::ListSubscriptions},
      {"ListSubscriptionsByTopic", sns::ListSubscriptionsByTopic},
      {"GetSubscriptionAttributes", sns::GetSubscriptionAttributes},
      {"SetSubscriptionAttributes", sns::SetSubscriptionAttributes},
      {"Publish", sns::Publish},
      {"PublishBatch", sns::PublishBatch},
  };
  return kActions;
}

}  // namespace

Reply HandleSns(Events::Core& core, const Params& params) {
  const std::string request_id = NewUuid();
  const auto action = Get(params, "Action").value_or("");
  const auto it = Actions().find(action);
  if (it == Actions().end()) {
    return SnsErrorReply(sns_errors::InvalidAction(action), request_id);
  }
  if (auto version = Get(params, "Version"); version && *version != kSnsVersion) {
    return SnsErrorReply(
        {400, "InvalidAction", "Could not find operation " + action + " for version " + *version},
        request_id);
  }
  auto outcome = it->second(core, params);
  if (!outcome) return SnsErrorReply(outcome.error(), request_id);
  return Reply{200, "text/xml", SnsResponse(action, outcome->xml, request_id, outcome->no_result),
               request_id};
}

}  // namespace nimbus::events
