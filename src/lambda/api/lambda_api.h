// The Lambda API (REST-JSON, version 2015-03-31) as the AWS CLI and SDKs call it:
//   POST   /2015-03-31/functions/{name}/invocations     Invoke (RequestResponse, Event, DryRun)
//   GET    /2015-03-31/functions/{name}                 GetFunction
//   GET    /2015-03-31/functions/{name}/configuration   GetFunctionConfiguration
//   GET    /2015-03-31/functions/                       ListFunctions (Marker, MaxItems)
//   GET    /2019-09-30/functions/{name}/concurrency     GetFunctionConcurrency
//   PUT    /2017-10-31/functions/{name}/concurrency     PutFunctionConcurrency
//   DELETE /2017-10-31/functions/{name}/concurrency     DeleteFunctionConcurrency
//   GET    /2016-08-19/account-settings/                GetAccountSettings
// Errors come back in Lambda's shape (api_error.h). Authentication is the caller's (the edge).
//
//   LambdaApi api({.region = "us-east-1", .account_id = "000000000000"}, host);
//   if (LambdaApi::Owns(request.target())) co_return co_await api.Handle(request);
//
// Thread-safe.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>

#include "lambda/function_host.h"
#include "net/http.h"

namespace nimbus::lambda {

struct LambdaApiOptions {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
};

class LambdaApi {
 public:
  LambdaApi(LambdaApiOptions options, FunctionHost& host);

  // Whether the request target is under one of the Lambda API's paths.
  static bool Owns(std::string_view target);
  boost::asio::awaitable<net::Response> Handle(const net::Request& request);

  // An error reply in Lambda's shape, for requests refused before Handle (authentication).
  static net::Response Error(const net::Request& request, int http_status, std::string_view code,
                             std::string_view message);

 private:
  LambdaApiOptions options_;
  FunctionHost& host_;
};

}  // namespace nimbus::lambda
