#include "lambda/runtime_api.h"

#include <boost/beast/core/detail/base64.hpp>
#include <optional>

#include "lambda/results.h"

namespace nimbus::lambda {
namespace {

namespace http = net::http;

// Lambda's names for the states a runtime asks to move to, as its 403s quote them.
constexpr std::string_view kReadyState = "Ready";
constexpr std::string_view kInvocationResponseState = "InvocationResponse";
constexpr std::string_view kInvocationErrorResponseState = "InvocationErrorResponse";
constexpr std::string_view kInitErrorState = "InitError";

// What the caller of an invocation sees when the runtime sent an unknown response mode.
constexpr std::string_view kInvalidResponseModeType = "Runtime.InvalidResponseModeHeader";

net::Response Json(const net::Request& request, http::status status, std::string body) {
  return net::MakeResponse(request, status, "application/json", std::move(body));
}

net::Response Accepted(const net::Request& request) {
  return Json(request, http::status::accepted, R"({"status":"OK"})");
}

net::Response Failure(const net::Request& request, const RuntimeApiError& error,
                      std::string_view target_state) {
  switch (error.code) {
    case RuntimeApiError::kInvalidRequestId:
      return Json(request, http::status::bad_request,
                  ErrorDocument("InvalidRequestID", "Invalid request ID"));
    case RuntimeApiError::kInvalidState:
      return Json(request, http::status::forbidden,
                  ErrorDocument("InvalidStateTransition",
                                "State transition from " + std::string(error.runtime_state) +
                                    " to " + std::string(target_state) +
                                    " failed for runtime. Error: State transition is not "
                                    "allowed"));
    case RuntimeApiError::kTooLarge:
      return Json(request, http::status::payload_too_large,
                  ErrorDocument("RequestEntityTooLarge",
                                "Exceeded maximum allowed payload size (" +
                                    std::to_string(kMaxResponsePayloadBytes) + " bytes)."));
    case RuntimeApiError::kShuttingDown:
      break;
  }
  return Json(request, http::status::internal_server_error,
              ErrorDocument("InternalServerError", "Internal Server Error"));
}

net::Response Render(const net::Request& request, std::expected<void, RuntimeApiError> r,
                     std::string_view target_state) {
  return r ? Accepted(request) : Failure(request, r.error(), target_state);
}

std::string Header(const net::Request& request, std::string_view name) {
  auto it = request.find(name);
  return it == request.end() ? std::string() : std::string(it->value());
}

std::optional<std::string> Base64Decode(std::string_view text) {
  namespace b64 = boost::beast::detail::base64;
  std::string out(b64::decoded_size(text.size()) + 3, '\0');
  auto [written, read] = b64::decode(out.data(), text.data(), text.size());
  // The decoder stops at the first character outside the alphabet or at the padding.
  while (read < text.size() && text[read] == '=') ++read;
  if (read != text.size()) return std::nullopt;
  out.resize(written);
  return out;
}

// POST .../response: buffered, or streamed with the outcome in the trailers. Beast's parser
// folds trailer fields into the header set, so both arrive through request.find().
net::Response Respond(net::Request& request, RuntimeApiBackend& backend,
                      const std::string& request_id) {
  const std::string mode = Header(request, kResponseModeHeader);
  if (!mode.empty() && mode != kStreamingResponseMode) {
    // Lambda fails the invocation and tells the runtime why.
    auto reported = backend.ReportError(
        request_id, std::string(kInvalidResponseModeType),
        ErrorDocument(kInvalidResponseModeType, "Invalid function response mode"));
    if (!reported) return Failure(request, reported.error(), kInvocationResponseState);
    return Json(request, http::status::bad_request,
                ErrorDocument("InvalidFunctionResponseMode", "Invalid function response mode"));
  }
  if (mode == kStreamingResponseMode) {
    std::string error_type = Header(request, kErrorTypeHeader);
    if (!error_type.empty()) {
      // Whatever was streamed before the error is dropped: the caller gets the error.
      auto body = Base64Decode(Header(request, kErrorBodyTrailer));
      std::string document =
          body && !body->empty() ? std::move(*body) : ErrorDocument(error_type, "");
      return Render(request,
                    backend.ReportError(request_id, std::move(error_type), std::move(document)),
                    kInvocationErrorResponseState);
    }
  }
  return Render(request, backend.Respond(request_id, std::move(request.body())),
                kInvocationResponseState);
}

net::Response NextResponse(const net::Request& request, NextInvocation next) {
  net::Response response = Json(request, http::status::ok, std::move(next.payload));
  response.set("Lambda-Runtime-Aws-Request-Id", next.request_id);
  response.set("Lambda-Runtime-Deadline-Ms", std::to_string(next.deadline_ms));
  response.set("Lambda-Runtime-Invoked-Function-Arn", next.function_arn);
  response.set("Lambda-Runtime-Trace-Id", next.trace_id);
  if (!next.client_context.empty()) {
    response.set("Lambda-Runtime-Client-Context", next.client_context);
  }
  if (!next.cognito_identity.empty()) {
    response.set("Lambda-Runtime-Cognito-Identity", next.cognito_identity);
  }
  return response;
}

}  // namespace

boost::asio::awaitable<net::Response> HandleRuntimeApi(net::Request request,
                                                       RuntimeApiBackend& backend) {
  std::string_view target = request.target();
  if (auto q = target.find('?'); q != std::string_view::npos) target = target.substr(0, q);
  if (!target.starts_with(kRuntimeApiPrefix)) {
    co_return Json(request, http::status::not_found, ErrorDocument("NotFound", "Not found"));
  }
  std::string_view path = target.substr(kRuntimeApiPrefix.size());
  const bool is_get = request.method() == http::verb::get;
  const bool is_post = request.method() == http::verb::post;
  auto method_not_allowed = [&] {
    return Json(request, http::status::method_not_allowed,
                ErrorDocument("MethodNotAllowed", "Method not allowed"));
  };

  if (path == "invocation/next") {
    if (!is_get) co_return method_not_allowed();
    auto next = co_await backend.Next();
    if (!next) co_return Failure(request, next.error(), kReadyState);
    co_return NextResponse(request, std::move(*next));
  }
  if (path == "init/error") {
    if (!is_post) co_return method_not_allowed();
    std::string type = Header(request, kErrorTypeHeader);
    co_return Render(request, backend.ReportInitError(std::move(type), std::move(request.body())),
                     kInitErrorState);
  }
  constexpr std::string_view kInvocation = "invocation/";
  if (path.starts_with(kInvocation)) {
    std::string_view rest = path.substr(kInvocation.size());
    auto slash = rest.find('/');
    if (slash != std::string_view::npos && slash > 0) {
      std::string request_id(rest.substr(0, slash));
      std::string_view action = rest.substr(slash + 1);
      if (action == "response") {
        if (!is_post) co_return method_not_allowed();
        co_return Respond(request, backend, request_id);
      }
      if (action == "error") {
        if (!is_post) co_return method_not_allowed();
        std::string type = Header(request, kErrorTypeHeader);
        co_return Render(
            request, backend.ReportError(request_id, std::move(type), std::move(request.body())),
            kInvocationErrorResponseState);
      }
    }
  }
  co_return Json(request, http::status::not_found, ErrorDocument("NotFound", "Not found"));
}

}  // namespace nimbus::lambda
