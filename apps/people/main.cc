// The People function's composition root: reads configuration from the environment, wires
// repository → service → controller → routes, and runs the Lambda Runtime API loop.
#include <cstdlib>
#include <iostream>
#include <string>

#include "nimbus/sdk/dynamodb.h"
#include "nimbus/sdk/router.h"
#include "nimbus/sdk/runtime.h"
#include "people/clock.h"
#include "people/dynamo_person_repository.h"
#include "people/handler.h"
#include "people/id_generator.h"
#include "people/people_routes.h"
#include "people/person_controller.h"
#include "people/person_service.h"

namespace {

std::string EnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : std::move(fallback);
}

}  // namespace

int main() {
  using namespace nimbus;
  sdk::dynamodb::Client dynamodb(sdk::dynamodb::ClientConfig::FromEnvironment());
  people::DynamoPersonRepository repository(dynamodb, EnvOr("PEOPLE_TABLE", "people"));
  people::SystemClock clock;
  people::UuidV4Generator ids;
  people::PersonService service(repository, clock, ids);
  people::PersonController controller(service, std::cerr);
  sdk::Router router;
  people::AddPeopleRoutes(router, controller);
  return sdk::runtime::RunHandler([&](const sdk::runtime::InvocationRequest& invocation) {
    return people::HandleInvocation(router, invocation, std::cerr);
  });
}
