// The function's composition root: reads configuration from the environment, wires
// repository → service → controller → routes for /people and /customers, and runs the Lambda
// Runtime API loop.
#include <cstdlib>
#include <iostream>
#include <string>

#include "nimbus/sdk/dynamodb.h"
#include "nimbus/sdk/router.h"
#include "nimbus/sdk/runtime.h"
#include "people/clock.h"
#include "people/customer_controller.h"
#include "people/customer_routes.h"
#include "people/customer_service.h"
#include "people/dynamo_customer_repository.h"
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
  const std::string idempotency_table = EnvOr("IDEMPOTENCY_TABLE", "idempotency");
  people::SystemClock clock;
  people::UuidV4Generator ids;

  people::DynamoPersonRepository people_repository(
      dynamodb, {.people = EnvOr("PEOPLE_TABLE", "people"), .idempotency = idempotency_table});
  people::PersonService people_service(people_repository, clock, ids);
  people::PersonController people_controller(people_service, std::cerr);

  people::DynamoCustomerRepository customer_repository(
      dynamodb, {.customers = EnvOr("CUSTOMERS_TABLE", "customers"),
                 .idempotency = idempotency_table,
                 .outbox = EnvOr("OUTBOX_TABLE", "outbox"),
                 .events_topic = EnvOr("EVENTS_TOPIC", "customer-events")});
  people::CustomerService customer_service(customer_repository, clock, ids);
  people::CustomerController customer_controller(customer_service, std::cerr);

  sdk::Router router;
  people::AddPeopleRoutes(router, people_controller);
  people::AddCustomerRoutes(router, customer_controller);
  return sdk::runtime::RunHandler([&](const sdk::runtime::InvocationRequest& invocation) {
    return people::HandleInvocation(router, invocation, std::cerr);
  });
}
