// The identifiers API Gateway stamps on a request, in the shapes AWS uses.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace nimbus::gateway {

struct RequestIds {
  std::string request_id;           // uuid: requestContext.requestId, x-amzn-RequestId
  std::string extended_request_id;  // "TWegAcC4EowCHnA=": extendedRequestId, x-amz-apigw-id
  std::string trace_id;             // "Root=1-5f84c7a1-...;": X-Amzn-Trace-Id
};

// Fresh random ids. The trace root keeps `incoming_trace` (a client's X-Amzn-Trace-Id) when it
// carries a Root, as X-Ray propagation does. Thread-safe.
RequestIds NewRequestIds(std::chrono::system_clock::time_point now,
                         std::string_view incoming_trace);

// A six-character [a-z0-9] id derived from the resource path, so it is stable across restarts.
std::string ResourceIdFor(std::string_view resource_path);

}  // namespace nimbus::gateway
