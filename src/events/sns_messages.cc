#include "events/sns_messages.h"

#include <openssl/evp.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "aws/canonical.h"
#include "aws/crypto.h"

namespace nimbus::events {
namespace {

namespace json = boost::json;

std::string CertUrl(const std::string& endpoint_url) {
  return endpoint_url + "/SimpleNotificationService-nimbus.pem";
}

std::string UnsubscribeUrl(const std::string& endpoint_url, const std::string& subscription_arn) {
  return endpoint_url +
         "/?Action=Unsubscribe&SubscriptionArn=" + aws::sigv4::UriEncode(subscription_arn, false);
}

// SNS signs "Name\nvalue\n" pairs in a fixed order with its private key. Locally there is no
// key to verify against, so the field carries a digest of the same string: stable, and of the
// shape SNS sends.
std::string Signature(const Notification& n) {
  std::string text = "Message\n" + n.message + "\nMessageId\n" + n.message_id + "\n";
  if (n.subject) text += "Subject\n" + *n.subject + "\n";
  text += "Timestamp\n" + n.timestamp + "\nTopicArn\n" + n.topic_arn + "\nType\nNotification\n";
  return Base64(aws::Sha256(text));
}

json::object Attributes(const Notification& n) {
  json::object out;
  for (const auto& [name, a] : n.attributes) out[name] = {{"Type", a.type}, {"Value", a.value}};
  return out;
}

}  // namespace

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string LambdaEvent(const Notification& n, const std::string& subscription_arn,
                        const std::string& endpoint_url) {
  json::object sns{
      {"Type", "Notification"},
      {"MessageId", n.message_id},
      {"TopicArn", n.topic_arn},
      {"Subject", n.subject ? json::value(*n.subject) : json::value(nullptr)},
      {"Message", n.message},
      {"Timestamp", n.timestamp},
      {"SignatureVersion", "1"},
      {"Signature", Signature(n)},
      {"SigningCertUrl", CertUrl(endpoint_url)},
      {"UnsubscribeUrl", UnsubscribeUrl(endpoint_url, subscription_arn)},
      {"MessageAttributes", Attributes(n)},
  };
  json::object record{{"EventSource", "aws:sns"},
                      {"EventVersion", "1.0"},
                      {"EventSubscriptionArn", subscription_arn},
                      {"Sns", std::move(sns)}};
  return json::serialize(json::object{{"Records", json::array{std::move(record)}}});
}

std::string HttpNotificationBody(const Notification& n, const std::string& subscription_arn,
                                 const std::string& endpoint_url) {
  json::object body{
      {"Type", "Notification"}, {"MessageId", n.message_id}, {"TopicArn", n.topic_arn}};
  if (n.subject) body["Subject"] = *n.subject;
  body["Message"] = n.message;
  body["Timestamp"] = n.timestamp;
  body["SignatureVersion"] = "1";
  body["Signature"] = Signature(n);
  body["SigningCertURL"] = CertUrl(endpoint_url);
  body["UnsubscribeURL"] = UnsubscribeUrl(endpoint_url, subscription_arn);
  if (!n.attributes.empty()) body["MessageAttributes"] = Attributes(n);
  return json::serialize(body);
}

std::string ConfirmationBody(std::string_view type, const std::string& message_id,
                             const std::string& token, const std::string& topic_arn,
                             const std::string& timestamp, const std::string& endpoint_url) {
  const bool subscribe = type == "SubscriptionConfirmation";
  const std::string message =
      subscribe ? "You have chosen to subscribe to the topic " + topic_arn +
                      ".\nTo confirm the subscription, visit the SubscribeURL included in this "
                      "message."
                : "You have chosen to deactivate subscription " + topic_arn +
                      ".\nTo cancel this operation and restore the subscription, visit the "
                      "SubscribeURL included in this message.";
  const std::string subscribe_url = endpoint_url + "/?Action=ConfirmSubscription&TopicArn=" +
                                    aws::sigv4::UriEncode(topic_arn, false) +
                                    "&Token=" + aws::sigv4::UriEncode(token, false);
  Notification n{message_id, topic_arn, message, std::nullopt, timestamp, {}};
  json::object body{{"Type", type},
                    {"MessageId", message_id},
                    {"Token", token},
                    {"TopicArn", topic_arn},
                    {"Message", message},
                    {"SubscribeURL", subscribe_url},
                    {"Timestamp", timestamp},
                    {"SignatureVersion", "1"},
                    {"Signature", Signature(n)},
                    {"SigningCertURL", CertUrl(endpoint_url)}};
  return json::serialize(body);
}

std::map<std::string, std::string> HttpHeaders(std::string_view message_type,
                                               const std::string& message_id,
                                               const std::string& topic_arn,
                                               const std::string& subscription_arn) {
  std::map<std::string, std::string> headers{
      {"x-amz-sns-message-type", std::string(message_type)},
      {"x-amz-sns-message-id", message_id},
      {"x-amz-sns-topic-arn", topic_arn},
      {"Content-Type", "text/plain; charset=UTF-8"},
      {"User-Agent", "Amazon Simple Notification Service Agent"},
  };
  // SNS leaves the subscription out of a SubscriptionConfirmation: there is none yet.
  if (message_type != "SubscriptionConfirmation") {
    headers["x-amz-sns-subscription-arn"] = subscription_arn;
  }
  return headers;
}

}  // namespace nimbus::events
