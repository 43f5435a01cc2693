// The authorizer function's composition root: settings from the environment, then the
// Lambda Runtime API loop.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>

#include "authorizer/token_authorizer.h"
#include "nimbus/sdk/runtime.h"

int main() {
  using namespace nimbus;
  auto settings = authorizer::SettingsFromEnvironment();
  if (!settings) {
    std::cerr << "authorizer: " << settings.error() << "\n";
    sdk::runtime::ReportInitError(settings.error(), "Runtime.ConfigurationError");
    return 1;
  }
  return sdk::runtime::RunHandler([&](const sdk::runtime::InvocationRequest& invocation) {
    boost::system::error_code ec;
    boost::json::value event = boost::json::parse(invocation.payload, ec);
    auto answer = ec ? std::nullopt
                     : authorizer::Authorize(event, *settings, std::chrono::system_clock::now());
    if (!answer) {
      std::cerr << "authorizer: refused\n";
      return sdk::runtime::InvocationResponse::Failure("Unauthorized", "Unauthorized");
    }
    std::cerr << "authorizer: allowed " << answer->at("principalId").as_string() << "\n";
    return sdk::runtime::InvocationResponse::Success(boost::json::serialize(*answer));
  });
}
