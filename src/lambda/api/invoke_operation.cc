// Invoke: POST /2015-03-31/functions/{FunctionName}/invocations.
#include <boost/json/parse.hpp>

#include "lambda/api/function_configuration.h"
#include "lambda/api/operations.h"
#include "lambda/ids.h"
#include "lambda/invoke_context.h"
#include "lambda/results.h"

namespace nimbus::lambda::api {
namespace {

enum class InvocationType { kRequestResponse, kEvent, kDryRun };

std::expected<InvocationType, ApiError> InvocationTypeOf(std::string_view header) {
  if (header.empty() || header == "RequestResponse") return InvocationType::kRequestResponse;
  if (header == "Event") return InvocationType::kEvent;
  if (header == "DryRun") return InvocationType::kDryRun;
  return std::unexpected(Validation(header, "invocationType",
                                    "Member must satisfy enum value set: [Event, "
                                    "RequestResponse, DryRun]"));
}

std::expected<bool, ApiError> TailRequested(std::string_view header) {
  if (header.empty() || header == "None") return false;
  if (header == "Tail") return true;
  return std::unexpected(
      Validation(header, "logType", "Member must satisfy enum value set: [None, Tail]"));
}

net::Response EmptyReply(const net::Request& request, net::http::status status,
                         std::string request_id) {
  net::Response response{status, request.version()};
  response.set("x-amzn-RequestId", std::move(request_id));
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

net::Response InvocationReply(const net::Request& request, InvokeResult result, bool tail) {
  net::Response response{net::http::status::ok, request.version()};
  response.set(net::http::field::content_type, "application/json");
  response.set("x-amzn-RequestId", result.request_id.empty() ? NewRequestId() : result.request_id);
  response.set("X-Amz-Executed-Version", kLatest);
  if (result.outcome == InvokeResult::Outcome::kFunctionError) {
    response.set("X-Amz-Function-Error",
                 result.function_error.empty() ? "Unhandled" : result.function_error);
  }
  if (tail) response.set("X-Amz-Log-Result", Base64(result.log_tail));
  response.keep_alive(request.keep_alive());
  response.body() = std::move(result.payload);
  response.prepare_payload();
  return response;
}

}  // namespace

boost::asio::awaitable<Reply> Invoke(Call call) {
  const auto& request = call.request;
  auto type = InvocationTypeOf(request["X-Amz-Invocation-Type"]);
  if (!type) co_return std::unexpected(type.error());
  auto tail = TailRequested(request["X-Amz-Log-Type"]);
  if (!tail) co_return std::unexpected(tail.error());
  auto ref =
      ParseFunctionRef(call.function, call.Query("Qualifier"), NameShape::kNamespaced, call.here);
  if (!ref) co_return std::unexpected(ref.error());

  // Limits before any work, as Lambda's front end refuses them.
  const std::size_t size = request.body().size();
  if (*type == InvocationType::kEvent && size > kMaxAsyncPayloadBytes) {
    co_return std::unexpected(FromInvokeResult(AsyncPayloadTooLarge(size)));
  }
  if (size > kMaxRequestPayloadBytes) {
    co_return std::unexpected(FromInvokeResult(SyncPayloadTooLarge()));
  }
  auto function = ResolveFunction(call, *ref);
  if (!function) co_return std::unexpected(function.error());

  std::string payload = request.body().empty() ? "{}" : request.body();
  boost::system::error_code parse_error;
  boost::json::parse(payload, parse_error);
  if (parse_error) {
    co_return std::unexpected(InvalidRequestContent(
        "Could not parse request body into json: Could not parse payload into json: " +
        parse_error.message()));
  }

  switch (*type) {
    case InvocationType::kDryRun:
      co_return EmptyReply(request, net::http::status::no_content, NewRequestId());
    case InvocationType::kEvent: {
      auto accepted = call.host.InvokeAsync((*function)->name, std::move(payload));
      if (!accepted) co_return std::unexpected(FromInvokeResult(accepted.error()));
      co_return EmptyReply(request, net::http::status::accepted, std::move(*accepted));
    }
    case InvocationType::kRequestResponse:
      break;
  }
  auto context =
      InvokeContextFromHeaders(request["X-Amz-Client-Context"], request["X-Amzn-Trace-Id"]);
  if (!context) {
    co_return std::unexpected(ApiError{.http_status = context.error().http_status,
                                       .code = context.error().error_type,
                                       .message = context.error().message});
  }
  // Named, not braced: g++ 12 destroys a braced temporary coroutine argument twice.
  InvokeOptions options;
  options.tail_log = *tail;
  options.trace_id = std::move(context->trace_header);
  options.client_context = std::move(context->client_context);
  options.cognito_identity = std::move(context->cognito_identity);
  InvokeResult result =
      co_await call.host.Invoke((*function)->name, std::move(payload), std::move(options));
  if (result.outcome == InvokeResult::Outcome::kServiceError) {
    co_return std::unexpected(FromInvokeResult(result));
  }
  co_return InvocationReply(request, std::move(result), *tail);
}

}  // namespace nimbus::lambda::api
