// The documents SNS sends: the Lambda event (Records[].Sns, as in the AWS sample event), the
// HTTP notification body and the SubscriptionConfirmation / UnsubscribeConfirmation bodies,
// with the x-amz-sns-* headers that go with them.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace nimbus::events {

struct MessageAttribute {
  std::string type;   // String, Number, Binary, String.Array (with an optional custom suffix)
  std::string value;  // the string value, or base64 for Binary
};

struct Notification {
  std::string message_id;
  std::string topic_arn;
  std::string message;
  std::optional<std::string> subject;
  std::string timestamp;  // ISO 8601 with milliseconds
  std::map<std::string, MessageAttribute> attributes;
};

// `endpoint_url` is the edge: UnsubscribeURL and SigningCertURL point there.
std::string LambdaEvent(const Notification& n, const std::string& subscription_arn,
                        const std::string& endpoint_url);
std::string HttpNotificationBody(const Notification& n, const std::string& subscription_arn,
                                 const std::string& endpoint_url);
// type: SubscriptionConfirmation or UnsubscribeConfirmation.
std::string ConfirmationBody(std::string_view type, const std::string& message_id,
                             const std::string& token, const std::string& topic_arn,
                             const std::string& timestamp, const std::string& endpoint_url);
std::map<std::string, std::string> HttpHeaders(std::string_view message_type,
                                               const std::string& message_id,
                                               const std::string& topic_arn,
                                               const std::string& subscription_arn);

std::string Base64(std::string_view bytes);

}  // namespace nimbus::events
