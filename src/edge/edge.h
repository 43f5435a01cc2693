// The edge: one port for every AWS service API, as LocalStack users know it (4566). It
// authenticates each call (SigV4), routes it by protocol to the service that owns it and puts
// the headers AWS puts on every reply:
//   POST / with X-Amz-Target: DynamoDB_20120810.<Op>      → dynamodb (JSON 1.0)
//   /2015-03-31/functions/..., /2016-08-19/account-settings → the Lambda API (REST-JSON)
//   POST / with X-Amz-Target: AWSEvents.<Op>              → events: EventBridge (JSON 1.1)
//   POST / form body Action=...&Version=2010-03-31         → events: SNS (query protocol)
//   GET  /?Action=ConfirmSubscription|Unsubscribe&...      → events: the links in SNS messages
//   GET  /_nimbus/health                                   → 200 JSON once the stack is up
//
// Thread-safe.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>

#include "dynamodb/service.h"
#include "edge/authenticator.h"
#include "events/events.h"
#include "lambda/api/lambda_api.h"
#include "net/http.h"

namespace nimbus::edge {

struct EdgeOptions {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
};

class Edge {
 public:
  // `events` may be null: no SNS or EventBridge on this edge.
  Edge(EdgeOptions options, const Authenticator& auth, dynamodb::Service& dynamodb,
       lambda::LambdaApi& lambda, events::Events* events = nullptr);

  boost::asio::awaitable<net::Response> Handle(net::Request request, const net::Peer& peer);

 private:
  net::Response Health(const net::Request& request) const;
  net::Response DynamoDb(const net::Request& request);
  boost::asio::awaitable<net::Response> Lambda(const net::Request& request);
  net::Response Events(const net::Request& request, std::string_view service);

  EdgeOptions options_;
  const Authenticator& auth_;
  dynamodb::Service& dynamodb_;
  lambda::LambdaApi& lambda_;
  events::Events* events_;
};

}  // namespace nimbus::edge
