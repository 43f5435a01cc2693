#include "edge/edge.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "aws/canonical.h"
#include "edge/request_id.h"
#include "lambda/invoke_context.h"

namespace nimbus::edge {
namespace {

namespace http = net::http;

constexpr std::string_view kDynamoDbTargetPrefix = "DynamoDB_20120810.";
constexpr std::string_view kInvokePrefix = "/2015-03-31/functions/";
constexpr std::string_view kInvokeSuffix = "/invocations";

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

// Lambda speaks REST-JSON: the error code travels in x-amzn-ErrorType, the body says why.
net::Response LambdaError(const net::Request& request, int status, std::string_view code,
                          std::string_view message) {
  boost::json::object body{{"Type", status >= 500 ? "Service" : "User"}, {"message", message}};
  net::Response response{static_cast<http::status>(status), request.version()};
  response.set(http::field::content_type, "application/json");
  response.set("x-amzn-RequestId", NewUuid());
  response.set("x-amzn-ErrorType", code);
  response.keep_alive(request.keep_alive());
  response.body() = boost::json::serialize(body);
  response.prepare_payload();
  return response;
}

}  // namespace

Edge::Edge(EdgeOptions options, const Authenticator& auth, dynamodb::Service& dynamodb,
           lambda::Invoker& lambda)
    : options_(std::move(options)), auth_(auth), dynamodb_(dynamodb), lambda_(lambda) {}

boost::asio::awaitable<net::Response> Edge::Handle(net::Request request, const net::Peer&) {
  const std::string_view target = request.target();
  const std::string_view amz_target = request["X-Amz-Target"];
  if (request.method() == http::verb::get && target == "/_nimbus/health") {
    co_return Health(request);
  }
  if (request.method() == http::verb::post && amz_target.starts_with(kDynamoDbTargetPrefix)) {
    co_return DynamoDb(request);
  }
  if (request.method() == http::verb::post && target.starts_with(kInvokePrefix)) {
    auto rest = target.substr(kInvokePrefix.size());
    if (auto query = rest.find('?'); query != std::string_view::npos) rest = rest.substr(0, query);
    if (rest.ends_with(kInvokeSuffix)) {
      // SDKs percent-encode the name label: an ARN arrives as arn%3Aaws%3Alambda%3A...
      auto name = aws::sigv4::UriDecode(rest.substr(0, rest.size() - kInvokeSuffix.size()));
      co_return co_await LambdaInvoke(request, std::move(name));
    }
  }
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
      {"services", boost::json::object{{"dynamodb", "running"}, {"lambda", "running"}}},
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

boost::asio::awaitable<net::Response> Edge::LambdaInvoke(const net::Request& request,
                                                         std::string function_name) {
  auto principal = auth_.Authenticate(request, "lambda");
  if (!principal) {
    // Lambda answers every authentication problem with 403, not DynamoDB's 400.
    const auto& e = principal.error();
    co_return LambdaError(request, 403, e.code, e.message);
  }
  // The name may be a function ARN: arn:aws:lambda:region:account:function:NAME[:qualifier].
  if (function_name.starts_with("arn:")) {
    auto pos = function_name.find(":function:");
    if (pos != std::string::npos) function_name = function_name.substr(pos + 10);
  }
  if (auto colon = function_name.find(':'); colon != std::string::npos) {
    function_name.resize(colon);
  }
  const std::string_view invocation_type = request["X-Amz-Invocation-Type"];
  if (!invocation_type.empty() && invocation_type != "RequestResponse") {
    co_return LambdaError(request, 400, "InvalidParameterValueException",
                          "Only the RequestResponse invocation type is supported yet");
  }
  std::string payload = request.body().empty() ? "{}" : request.body();
  boost::system::error_code parse_error;
  boost::json::parse(payload, parse_error);
  if (parse_error) {
    co_return LambdaError(request, 400, "InvalidRequestContentException",
                          "Could not parse request body into json: Could not parse payload into "
                          "json: " +
                              parse_error.message());
  }
  auto context =
      lambda::InvokeContextFromHeaders(request["X-Amz-Client-Context"], request["X-Amzn-Trace-Id"]);
  if (!context) {
    co_return LambdaError(request, context.error().http_status, context.error().error_type,
                          context.error().message);
  }
  auto result =
      co_await lambda_.InvokeWithContext(function_name, std::move(payload), std::move(*context));
  if (result.outcome == lambda::InvokeResult::Outcome::kServiceError) {
    co_return LambdaError(request, result.http_status, result.error_type, result.error_message);
  }
  net::Response response{http::status::ok, request.version()};
  response.set(http::field::content_type, "application/json");
  response.set("x-amzn-RequestId", NewUuid());
  response.set("X-Amz-Executed-Version", "$LATEST");
  if (result.outcome == lambda::InvokeResult::Outcome::kFunctionError) {
    response.set("X-Amz-Function-Error",
                 result.function_error.empty() ? "Unhandled" : result.function_error);
  }
  response.keep_alive(request.keep_alive());
  response.body() = std::move(result.payload);
  response.prepare_payload();
  co_return response;
}

}  // namespace nimbus::edge
