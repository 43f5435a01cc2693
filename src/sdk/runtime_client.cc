#include "runtime_client.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

namespace nimbus::sdk::runtime {
namespace {

constexpr std::string_view kPrefix = "/2018-06-01/runtime";
constexpr std::chrono::milliseconds kPostTimeout{30000};

std::string HeaderOr(const HttpResponse& response, std::string_view name) {
  auto it = response.find(name);
  return it == response.end() ? std::string() : std::string(it->value());
}

}  // namespace

std::string ErrorBody(std::string_view error_message, std::string_view error_type) {
  return boost::json::serialize(boost::json::object{{"errorMessage", error_message},
                                                    {"errorType", error_type},
                                                    {"stackTrace", boost::json::array()}});
}

RuntimeClient::RuntimeClient(Endpoint endpoint) : http_(std::move(endpoint)) {}

std::expected<InvocationRequest, std::string> RuntimeClient::Next() {
  HttpRequest request{http::verb::get, std::string(kPrefix) + "/invocation/next", 11};
  auto response = http_.Send(std::move(request), std::nullopt);
  if (!response) return std::unexpected(response.error());
  if (response->result() != http::status::ok) {
    return std::unexpected("GET /invocation/next returned HTTP " +
                           std::to_string(response->result_int()) + ": " + response->body());
  }
  InvocationRequest invocation;
  invocation.payload = std::move(response->body());
  invocation.request_id = HeaderOr(*response, "Lambda-Runtime-Aws-Request-Id");
  invocation.function_arn = HeaderOr(*response, "Lambda-Runtime-Invoked-Function-Arn");
  invocation.xray_trace_id = HeaderOr(*response, "Lambda-Runtime-Trace-Id");
  invocation.client_context = HeaderOr(*response, "Lambda-Runtime-Client-Context");
  invocation.cognito_identity = HeaderOr(*response, "Lambda-Runtime-Cognito-Identity");
  if (invocation.request_id.empty()) {
    return std::unexpected("GET /invocation/next returned no Lambda-Runtime-Aws-Request-Id");
  }
  const std::string deadline = HeaderOr(*response, "Lambda-Runtime-Deadline-Ms");
  long long deadline_ms = 0;
  std::from_chars(deadline.data(), deadline.data() + deadline.size(), deadline_ms);
  invocation.deadline =
      std::chrono::system_clock::time_point(std::chrono::milliseconds(deadline_ms));
  return invocation;
}

std::expected<void, std::string> RuntimeClient::PostResponse(std::string_view request_id,
                                                             const InvocationResponse& response) {
  if (!response.is_success()) {
    return PostError(request_id, response.payload(), response.error_type());
  }
  return Post(std::string(kPrefix) + "/invocation/" + std::string(request_id) + "/response",
              response.payload(), response.content_type(), "");
}

std::expected<void, std::string> RuntimeClient::PostError(std::string_view request_id,
                                                          std::string_view error_message,
                                                          std::string_view error_type) {
  return Post(std::string(kPrefix) + "/invocation/" + std::string(request_id) + "/error",
              ErrorBody(error_message, error_type), "application/json", error_type);
}

std::expected<void, std::string> RuntimeClient::PostInitError(std::string_view error_message,
                                                              std::string_view error_type) {
  return Post(std::string(kPrefix) + "/init/error", ErrorBody(error_message, error_type),
              "application/json", error_type);
}

std::expected<void, std::string> RuntimeClient::Post(std::string target, std::string body,
                                                     std::string_view content_type,
                                                     std::string_view error_type) {
  HttpRequest request{http::verb::post, target, 11};
  request.set(http::field::content_type, content_type);
  if (!error_type.empty()) request.set("Lambda-Runtime-Function-Error-Type", error_type);
  request.body() = std::move(body);
  auto response = http_.Send(std::move(request), kPostTimeout);
  if (!response) return std::unexpected(response.error());
  if (response->result_int() / 100 != 2) {
    return std::unexpected("POST " + target + " returned HTTP " +
                           std::to_string(response->result_int()) + ": " + response->body());
  }
  return {};
}

}  // namespace nimbus::sdk::runtime
