// The function's boundary: one Lambda invocation carrying a REST API proxy event in, the proxy
// response JSON out. Nothing thrown inside gets past it.
#pragma once

#include <ostream>

#include "nimbus/sdk/router.h"
#include "nimbus/sdk/runtime.h"

namespace nimbus::people {

// An event that is not a REST API proxy event is reported as a failed invocation (API Gateway
// answers 502, as it does for a broken integration); an exception becomes a 500 response.
sdk::runtime::InvocationResponse HandleInvocation(const sdk::Router& router,
                                                  const sdk::runtime::InvocationRequest& invocation,
                                                  std::ostream& log);

}  // namespace nimbus::people
