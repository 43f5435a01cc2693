// The two flavours of API Gateway an OpenAPI document can describe.
#pragma once

#include <string_view>

namespace nimbus::gateway {

enum class ApiProtocol {
  kRest,  // REST API: proxy payload 1.0, gateway responses, stages in the execute-api path
  kHttp,  // HTTP API: payload 1.0 or 2.0 per integration, `$default` route and stage
};

// "REST" or "HTTP", as stack.yaml spells them.
inline std::string_view ProtocolName(ApiProtocol protocol) {
  return protocol == ApiProtocol::kHttp ? "HTTP" : "REST";
}

}  // namespace nimbus::gateway
