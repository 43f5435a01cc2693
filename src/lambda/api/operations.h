// The Lambda API's operations, one function each, behind LambdaApi's routing table. Internal
// to the api folder.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "lambda/api/api_error.h"
#include "lambda/api/function_ref.h"
#include "lambda/function_host.h"
#include "net/http.h"

namespace nimbus::lambda::api {

using Reply = std::expected<net::Response, ApiError>;

// One request as the operations see it.
struct Call {
  const net::Request& request;
  FunctionHost& host;
  Locality here;
  std::string function;                      // the {FunctionName} path label, decoded
  std::map<std::string, std::string> query;  // decoded; the last value of a repeated name

  std::optional<std::string_view> Query(std::string_view name) const {
    auto it = query.find(std::string(name));
    if (it == query.end()) return std::nullopt;
    return it->second;
  }
};

boost::asio::awaitable<Reply> Invoke(Call call);
Reply GetFunction(const Call& call);
Reply GetFunctionConfiguration(const Call& call);
Reply ListFunctions(const Call& call);
Reply GetFunctionConcurrency(const Call& call);
Reply PutFunctionConcurrency(const Call& call);
Reply DeleteFunctionConcurrency(const Call& call);
Reply GetAccountSettings(const Call& call);

// Shared by the operations.
net::Response JsonReply(const net::Request& request, int status, const boost::json::value& body);
// The named function, or 404 as Lambda words it (qualified when a qualifier other than
// $LATEST was named: there are no published versions or aliases here).
std::expected<const FunctionConfig*, ApiError> ResolveFunction(const Call& call,
                                                               const FunctionRef& ref);

}  // namespace nimbus::lambda::api
