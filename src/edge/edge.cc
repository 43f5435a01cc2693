#include "edge/edge.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "aws/canonical.h"
#include "edge/request_id.h"

namespace nimbus::edge {
namespace {

namespace http = net::http;

constexpr std::string_view kDynamoDbTargetPrefix = "DynamoDB_20120810.";
constexpr std::string_view kEventBridgeTargetPrefix = "AWSEvents.";
constexpr std::string_view kSnsVersion = "Version=2010-03-31";

net::Response DynamoDbReply(const net::Request& request, int status, std::string body) {
  net::Response response{static_cast<http::status>(status), request.version()};
  response.set(http::field::content_type, "application/x-amz-json-1.0");
  response.set("x-amzn-RequestId", NewDynamoDbRequestId());
  response.set("x-amz-crc32", std::to_string(aws::Crc32(body)));
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

}  // namespace

Edge::Edge(EdgeOptions options, const Authenticator& auth, dynamodb::Service& dynamodb,
           lambda::LambdaApi& lambda, events::Events* events)
    : options_(std::move(options)),
      auth_(auth),
      dynamodb_(dynamodb),
      lambda_(lambda),
      events_(events) {}

boost::asio::awaitable<net::Response> Edge::Handle(net::Request request, const net::Peer&) {
  const std::string_view target = request.target();
  const std::string_view amz_target = request["X-Amz-Target"];
  if (request.method() == http::verb::get && target == "/_nimbus/health") {
    co_return Health(request);
  }
  if (request.method() == http::verb::post && amz_target.starts_with(kDynamoDbTargetPrefix)) {
    co_return DynamoDb(request);
  }
  if (events_ && request.method() == http::verb::post &&
      amz_target.starts_with(kEventBridgeTargetPrefix)) {
    co_return Events(request, "events");
  }
  if (events_ && request.method() == http::verb::post && (target == "/" || target == "/?") &&
      amz_target.empty() && request.body().find(kSnsVersion) != std::string::npos) {
    co_return Events(request, "sns");
  }
  if (events_ && request.method() == http::verb::get && target.starts_with("/?Action=")) {
    co_return Events(request, "sns-link");
  }
  if (lambda::LambdaApi::Owns(target)) co_return co_await Lambda(request);
  if (!amz_target.empty()) {
    aws::Error error{.http_status = 400, .code = "UnknownOperationException", .message = ""};
    co_return DynamoDbReply(request, 400, aws::ToJson10Body(error));
  }
  co_return net::MakeResponse(request, http::status::not_found, "application/json",
                              R"({"message":"No service here answers this request"})");
}

net::Response Edge::Health(const net::Request& request) const {
  boost::json::object body{
      {"status", "ok"},
      {"region", options_.region},
      {"services", boost::json::object{{"dynamodb", "running"},
                                       {"lambda", "running"},
                                       {"sns", events_ ? "running" : "off"},
                                       {"events", events_ ? "running" : "off"}}},
  };
  return net::MakeResponse(request, http::status::ok, "application/json",
                           boost::json::serialize(body));
}

net::Response Edge::DynamoDb(const net::Request& request) {
  auto principal = auth_.Authenticate(request, "dynamodb");
  if (!principal) {
    return DynamoDbReply(request, principal.error().http_status,
                         aws::ToJson10Body(principal.error()));
  }
  auto operation = std::string_view(request["X-Amz-Target"]).substr(kDynamoDbTargetPrefix.size());
  auto reply = dynamodb_.Handle(operation, request.body());
  return DynamoDbReply(request, reply.http_status, std::move(reply.body));
}

// SNS and EventBridge: the events service answers; this only authenticates and frames.
net::Response Edge::Events(const net::Request& request, std::string_view service) {
  events::Reply reply;
  if (service == "sns-link") {
    // The links in SNS messages work unsigned, as AWS's do.
    reply = events_->SnsLink(events::ParseForm(request.target().substr(2)));
  } else if (auto principal = auth_.Authenticate(request, service); !principal) {
    const auto& e = principal.error();
    reply = service == "sns" ? events::SnsAuthErrorReply(e, NewUuid())
                             : events::Reply{e.http_status, "application/x-amz-json-1.1",
                                             aws::ToJson10Body(e), NewUuid()};
  } else if (service == "sns") {
    reply = events_->Sns(events::ParseForm(request.body()));
  } else {
    reply = events_->EventBridge(
        std::string_view(request["X-Amz-Target"]).substr(kEventBridgeTargetPrefix.size()),
        request.body());
  }
  net::Response response{static_cast<http::status>(reply.http_status), request.version()};
  response.set(http::field::content_type, reply.content_type);
  response.set("x-amzn-RequestId", reply.request_id);
  response.keep_alive(request.keep_alive());
  response.body() = std::move(reply.body);
  response.prepare_payload();
  return response;
}

boost::asio::awaitable<net::Response> Edge::Lambda(const net::Request& request) {
  auto principal = auth_.Authenticate(request, "lambda");
  if (!principal) {
    // Lambda answers every authentication problem with 403, not DynamoDB's 400.
    const auto& e = principal.error();
    co_return lambda::LambdaApi::Error(request, 403, e.code, e.message);
  }
  co_return co_await lambda_.Handle(request);
}

}  // namespace nimbus::edge
