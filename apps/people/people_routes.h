// Binds the /people routes of the REST API to the controller's methods.
#pragma once

#include "nimbus/sdk/router.h"
#include "people/person_controller.h"

namespace nimbus::people {

// `controller` must outlive `router`.
void AddPeopleRoutes(sdk::Router& router, PersonController& controller);

}  // namespace nimbus::people
