// The echo function `make bench` measures the function host with (bench/lambda_bench.py): it
// answers with its event, so what is timed is the host and the runtime client, not a handler.
#include "nimbus/sdk/runtime.h"

int main() {
  using nimbus::sdk::runtime::InvocationRequest;
  using nimbus::sdk::runtime::InvocationResponse;
  return nimbus::sdk::runtime::RunHandler([](const InvocationRequest& request) {
    return InvocationResponse::Success(request.payload);
  });
}
