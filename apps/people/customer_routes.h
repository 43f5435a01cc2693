// Binds the /customers routes of the REST API to the controller's methods.
#pragma once

#include "nimbus/sdk/router.h"
#include "people/customer_controller.h"

namespace nimbus::people {

// `controller` must outlive `router`.
void AddCustomerRoutes(sdk::Router& router, CustomerController& controller);

}  // namespace nimbus::people
