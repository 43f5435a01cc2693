#include "lambda/api/lambda_api.h"

#include <boost/url/parse.hpp>
#include <optional>
#include <vector>

#include "lambda/api/operations.h"

namespace nimbus::lambda {
namespace {

namespace http = net::http;
using api::Call;
using api::Reply;

// The API's paths start with the version date its operation was introduced in.
constexpr std::string_view kOwnedPrefixes[] = {"/2015-03-31/functions", "/2017-10-31/functions",
                                               "/2019-09-30/functions",
                                               "/2016-08-19/account-settings"};

using SyncOperation = Reply (*)(const Call&);

struct Route {
  http::verb method;
  std::string_view version;
  std::string_view collection;  // "functions" or "account-settings"
  bool named;                   // a {FunctionName} label follows the collection
  std::string_view tail;        // what follows the name ("" for none)
  SyncOperation operation;      // null: Invoke, the only asynchronous one
};

// Dispatch on (method, path shape); anything else is an unknown operation.
constexpr Route kRoutes[] = {
    {http::verb::post, "2015-03-31", "functions", true, "invocations", nullptr},
    {http::verb::get, "2015-03-31", "functions", true, "", &api::GetFunction},
    {http::verb::get, "2015-03-31", "functions", true, "configuration",
     &api::GetFunctionConfiguration},
    {http::verb::get, "2015-03-31", "functions", false, "", &api::ListFunctions},
    {http::verb::get, "2019-09-30", "functions", true, "concurrency", &api::GetFunctionConcurrency},
    {http::verb::put, "2017-10-31", "functions", true, "concurrency", &api::PutFunctionConcurrency},
    {http::verb::delete_, "2017-10-31", "functions", true, "concurrency",
     &api::DeleteFunctionConcurrency},
    {http::verb::get, "2016-08-19", "account-settings", false, "", &api::GetAccountSettings},
};

bool Matches(const Route& route, http::verb method, const std::vector<std::string>& segments) {
  if (method != route.method || segments.size() < 2 || segments[0] != route.version ||
      segments[1] != route.collection) {
    return false;
  }
  if (!route.named) return segments.size() == 2 || (segments.size() == 3 && segments[2].empty());
  if (segments.size() < 3 || segments[2].empty()) return false;
  if (route.tail.empty()) return segments.size() == 3;
  return segments.size() == 4 && segments[3] == route.tail;
}

}  // namespace

LambdaApi::LambdaApi(LambdaApiOptions options, FunctionHost& host)
    : options_(std::move(options)), host_(host) {}

bool LambdaApi::Owns(std::string_view target) {
  for (std::string_view prefix : kOwnedPrefixes) {
    if (target.starts_with(prefix)) {
      const auto rest = target.substr(prefix.size());
      if (rest.empty() || rest[0] == '/' || rest[0] == '?') return true;
    }
  }
  return false;
}

net::Response LambdaApi::Error(const net::Request& request, int http_status, std::string_view code,
                               std::string_view message) {
  return api::ErrorResponse(
      request,
      {.http_status = http_status, .code = std::string(code), .message = std::string(message)});
}

boost::asio::awaitable<net::Response> LambdaApi::Handle(const net::Request& request) {
  auto url = boost::urls::parse_origin_form(request.target());
  if (!url) co_return api::ErrorResponse(request, api::UnknownOperation());
  std::vector<std::string> segments;
  for (auto segment : url->segments()) segments.push_back(std::string(segment));
  Call call{.request = request,
            .host = host_,
            .here = {.region = options_.region, .account_id = options_.account_id},
            .function = segments.size() > 2 ? segments[2] : std::string(),
            .query = {}};
  for (auto param : url->params()) {
    call.query[std::string(param.key)] = param.has_value ? std::string(param.value) : "";
  }
  for (const Route& route : kRoutes) {
    if (!Matches(route, request.method(), segments)) continue;
    // Not a conditional expression: g++ 12 miscompiles co_await inside one.
    std::optional<Reply> reply;
    if (route.operation) {
      reply = route.operation(call);
    } else {
      reply = co_await api::Invoke(call);
    }
    if (!*reply) co_return api::ErrorResponse(request, reply->error());
    co_return std::move(**reply);
  }
  co_return api::ErrorResponse(request, api::UnknownOperation());
}

}  // namespace nimbus::lambda
