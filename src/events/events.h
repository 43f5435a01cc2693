// The events service: SNS (topics, subscriptions, Publish; the query protocol) and EventBridge
// (buses, rules with event patterns, targets, PutEvents; JSON 1.1) behind the edge port.
// Deliveries go to Lambda functions (through lambda::Invoker, asynchronously) and to HTTP
// endpoints, at least once, retried with back-off, failures logged; Publish and PutEvents never
// wait for them. Topics, subscriptions and rules persist in <data_dir>/state.json.
//
//   auto events = events::Events::Open(io.get_executor(), host, {.data_dir = ".nimbus/events",
//                                       .endpoint_url = "http://127.0.0.1:4566"});
//   Reply r = (*events)->Sns(events::ParseForm("Action=ListTopics&Version=2010-03-31"));
//   Reply r = (*events)->EventBridge("PutEvents", R"({"Entries":[...]})");
//
// HTTP, SigV4 and the request id header are the edge's business. Thread-safe.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "aws/error.h"
#include "events/delivery.h"
#include "events/query.h"
#include "lambda/invoker.h"

namespace nimbus::events {

struct EventsOptions {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  std::filesystem::path data_dir;  // state.json and delivery.log; created if missing
  // The edge as subscribers reach it: SubscribeURL, UnsubscribeURL and SigningCertURL start here.
  std::string endpoint_url = "http://127.0.0.1:4566";
  // Used unless a topic's or subscription's DeliveryPolicy says otherwise.
  RetryPolicy http_retry = DefaultHttpRetryPolicy();
  RetryPolicy lambda_retry = ManagedEndpointRetryPolicy();
  // Timestamps on messages and events. Null: the system clock.
  std::function<std::chrono::system_clock::time_point()> clock;
};

// The operating system as deliveries use it; null members get the real thing.
struct EventsDependencies {
  std::shared_ptr<HttpPoster> http;
  std::shared_ptr<Waiter> waiter;
  LogSink log;  // null: stdout and <data_dir>/delivery.log
};

struct Reply {
  int http_status = 200;
  std::string content_type;
  std::string body;
  std::string request_id;  // for the x-amzn-RequestId header
};

// SNS's <ErrorResponse> for an error, e.g. one the edge's authentication found; the shared
// authentication codes (InvalidSignatureException ...) become the query protocol's
// (SignatureDoesNotMatch ...).
Reply SnsErrorReply(const aws::Error& error, const std::string& request_id);
Reply SnsAuthErrorReply(const aws::Error& error, const std::string& request_id);

class Events {
 public:
  // REQUIRES: `invoker` outlives the service.
  static std::expected<std::unique_ptr<Events>, std::string> Open(
      boost::asio::any_io_executor executor, lambda::Invoker& invoker, EventsOptions options,
      EventsDependencies deps = {});
  ~Events();

  // One signed SNS query call (the form parameters, Action and Version included).
  Reply Sns(const Params& params);
  // The links SNS puts in its messages (SubscribeURL, UnsubscribeURL): unsigned GETs that
  // carry Action=ConfirmSubscription or Action=Unsubscribe in the query string.
  Reply SnsLink(const Params& params);
  // One EventBridge call: the X-Amz-Target suffix after "AWSEvents." and the JSON body.
  Reply EventBridge(std::string_view operation, std::string_view body);

  std::string TopicArn(std::string_view topic_name) const;
  std::string FunctionArn(std::string_view function_name) const;

  // Ends retries in progress (shutdown).
  void Stop();
  int DeliveriesInFlight() const;

  struct Core;

 private:
  explicit Events(std::unique_ptr<Core> core);
  std::unique_ptr<Core> core_;
};

}  // namespace nimbus::events
