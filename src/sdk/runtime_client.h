// The calls of the Lambda Runtime API (2018-06-01), one method each.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "http_client.h"
#include "nimbus/sdk/runtime.h"

namespace nimbus::sdk::runtime {

class RuntimeClient {
 public:
  explicit RuntimeClient(Endpoint endpoint);

  // Blocks until the next invocation arrives: no read timeout, by design of the API.
  std::expected<InvocationRequest, std::string> Next();
  std::expected<void, std::string> PostResponse(std::string_view request_id,
                                                const InvocationResponse& response);
  std::expected<void, std::string> PostError(std::string_view request_id,
                                             std::string_view error_message,
                                             std::string_view error_type);
  std::expected<void, std::string> PostInitError(std::string_view error_message,
                                                 std::string_view error_type);

 private:
  std::expected<void, std::string> Post(std::string target, std::string body,
                                        std::string_view content_type, std::string_view error_type);
  HttpClient http_;
};

// {"errorMessage": ..., "errorType": ..., "stackTrace": []}
std::string ErrorBody(std::string_view error_message, std::string_view error_type);

}  // namespace nimbus::sdk::runtime
