// Lambda's limits and the documents it returns when an invocation goes wrong, in one place so
// every path (timeout, crash, oversized response, unknown function) words them the same way.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "lambda/invoker.h"
#include "lambda/process.h"

namespace nimbus::lambda {

// Synchronous invocation payload limits (Lambda quotas: 6 MB each way; the response limit is
// 100 bytes larger, as Lambda enforces it).
inline constexpr std::size_t kMaxRequestPayloadBytes = 6291456;
inline constexpr std::size_t kMaxResponsePayloadBytes = 6291556;
// Asynchronous (Event) invocation payload limit (1 MB since Lambda raised it from 256 KB).
inline constexpr std::size_t kMaxAsyncPayloadBytes = 1048576;
// A runtime that has not asked for its first invocation within this is killed (the default
// of HostDependencies::init_timeout).
inline constexpr std::chrono::seconds kInitTimeout{10};

// {"errorMessage":"...","errorType":"..."}
std::string ErrorDocument(std::string_view error_type, std::string_view message);

InvokeResult Success(std::string payload);
// X-Amz-Function-Error: Unhandled with `payload` as the body.
InvokeResult FunctionError(std::string payload);
InvokeResult ServiceError(int http_status, std::string error_type, std::string message);

// 413 RequestEntityTooLargeException, worded as Lambda words it for each invocation type
// (the wire code; the API model calls the shape RequestTooLargeException).
InvokeResult SyncPayloadTooLarge();
InvokeResult AsyncPayloadTooLarge(std::size_t bytes);
// 404 "Function not found: arn:aws:lambda:REGION:ACCOUNT:function:NAME".
InvokeResult FunctionNotFound(std::string_view function_arn);
// 429 TooManyRequestsException "Rate Exceeded." with the throttle reason.
InvokeResult Throttled(std::string_view reason);

// "RequestId: <id> Error: Task timed out after 3.00 seconds" (Sandbox.Timedout).
InvokeResult TimedOut(std::string_view request_id, std::chrono::milliseconds timeout);
// "RequestId: <id> Error: Runtime exited with error: exit status 3" (Runtime.ExitError).
InvokeResult RuntimeExited(std::string_view request_id, const ExitStatus& status);
// The instance went over its MemorySize and was killed (Runtime.OutOfMemory):
// "RequestId: <id> Error: Runtime exited with error: signal: killed".
InvokeResult OutOfMemory(std::string_view request_id);
// The runtime sent more than kMaxResponsePayloadBytes (Function.ResponseSizeTooLarge).
InvokeResult ResponseTooLarge(std::size_t bytes);
// The bootstrap could not be started (Runtime.InvalidEntrypoint).
InvokeResult InvalidEntrypoint(std::string_view request_id, std::string_view bootstrap);

// "3.00": seconds with two decimals, as in Lambda's timeout messages.
std::string SecondsText(std::chrono::milliseconds d);

}  // namespace nimbus::lambda
