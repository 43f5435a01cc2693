// The transactional outbox: an event to publish is written as an item of the outbox table in
// the same TransactWriteItems as the data it describes, so it exists exactly when the change
// does. The events service drains the table into SNS (at least once) and deletes each item
// after publishing it. Item layout (the contract with the drainer):
//   outboxId (S, hash key, unique), topic (S, SNS topic name), message (S, the event JSON),
//   subject (S, the event type), attributes (M: {"eventType": {"S": type}}), createdAt (S).
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace nimbus::people {

struct OutboxMessage {
  std::string id;  // unique: a UUID
  std::string topic;
  std::string event_type;  // also the subject and the eventType message attribute
  std::string message;     // the event's JSON text
  std::string created_at;  // ISO 8601 UTC
};

// The TransactItems entry that writes `message` into `table`.
boost::json::object PutOutboxMessage(std::string_view table, const OutboxMessage& message);

}  // namespace nimbus::people
