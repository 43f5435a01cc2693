// The Invoke API's request headers that become the function's context: X-Amz-Client-Context
// (base64 of a JSON object, at most kMaxClientContextBytes) and X-Amzn-Trace-Id.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

#include "lambda/invoker.h"

namespace nimbus::lambda {

// Lambda's limit on X-Amz-Client-Context, counted in base64 characters.
inline constexpr std::size_t kMaxClientContextBytes = 3583;

struct InvokeContextError {
  int http_status;
  std::string error_type;
  std::string message;
};

// Empty headers give an empty context. A client context that is too long, not base64, or not a
// JSON object is InvalidRequestContentException (400), as Lambda answers it.
std::expected<InvokeContext, InvokeContextError> InvokeContextFromHeaders(
    std::string_view client_context_base64, std::string_view trace_header);

}  // namespace nimbus::lambda
