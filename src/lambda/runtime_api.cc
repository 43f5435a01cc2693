#include "lambda/runtime_api.h"

#include "lambda/results.h"

namespace nimbus::lambda {
namespace {

namespace http = net::http;

net::Response Json(const net::Request& request, http::status status, std::string body) {
  return net::MakeResponse(request, status, "application/json", std::move(body));
}

net::Response Accepted(const net::Request& request) {
  return Json(request, http::status::accepted, R"({"status":"OK"})");
}

net::Response Failure(const net::Request& request, RuntimeApiError error) {
  switch (error) {
    case RuntimeApiError::kInvalidRequestId:
      return Json(request, http::status::bad_request,
                  ErrorDocument("InvalidRequestID", "Invalid request ID"));
    case RuntimeApiError::kInvalidState:
      return Json(request, http::status::forbidden,
                  ErrorDocument("InvalidStateTransition",
                                "State transition is not allowed: an invocation is in progress"));
    case RuntimeApiError::kTooLarge:
      return Json(request, http::status::payload_too_large,
                  ErrorDocument("RequestEntityTooLarge",
                                "Exceeded maximum allowed payload size (" +
                                    std::to_string(kMaxResponsePayloadBytes) + " bytes)."));
    case RuntimeApiError::kShuttingDown:
      break;
  }
  return Json(request, http::status::internal_server_error,
              ErrorDocument("ServiceException", "The function instance is shutting down"));
}

std::string ErrorType(const net::Request& request) {
  auto it = request.find("Lambda-Runtime-Function-Error-Type");
  return it == request.end() ? std::string() : std::string(it->value());
}

net::Response Render(const net::Request& request, std::expected<void, RuntimeApiError> r) {
  return r ? Accepted(request) : Failure(request, r.error());
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
    if (!next) co_return Failure(request, next.error());
    net::Response response = Json(request, http::status::ok, std::move(next->payload));
    response.set("Lambda-Runtime-Aws-Request-Id", next->request_id);
    response.set("Lambda-Runtime-Deadline-Ms", std::to_string(next->deadline_ms));
    response.set("Lambda-Runtime-Invoked-Function-Arn", next->function_arn);
    response.set("Lambda-Runtime-Trace-Id", next->trace_id);
    co_return response;
  }
  if (path == "init/error") {
    if (!is_post) co_return method_not_allowed();
    std::string type = ErrorType(request);
    co_return Render(request, backend.ReportInitError(std::move(type), std::move(request.body())));
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
        co_return Render(request, backend.Respond(request_id, std::move(request.body())));
      }
      if (action == "error") {
        if (!is_post) co_return method_not_allowed();
        std::string type = ErrorType(request);
        co_return Render(
            request, backend.ReportError(request_id, std::move(type), std::move(request.body())));
      }
    }
  }
  co_return Json(request, http::status::not_found, ErrorDocument("NotFound", "Not found"));
}

}  // namespace nimbus::lambda
