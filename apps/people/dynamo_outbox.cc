#include "people/dynamo_outbox.h"

namespace nimbus::people {
namespace {

boost::json::object S(std::string_view value) { return {{"S", value}}; }

}  // namespace

boost::json::object PutOutboxMessage(std::string_view table, const OutboxMessage& message) {
  boost::json::object item{{"outboxId", S(message.id)},
                           {"topic", S(message.topic)},
                           {"message", S(message.message)},
                           {"subject", S(message.event_type)},
                           {"attributes", {{"M", {{"eventType", S(message.event_type)}}}}},
                           {"createdAt", S(message.created_at)}};
  return {{"Put",
           {{"TableName", table},
            {"Item", std::move(item)},
            {"ConditionExpression", "attribute_not_exists(outboxId)"}}}};
}

}  // namespace nimbus::people
