#include "people/people_routes.h"

namespace nimbus::people {

void AddPeopleRoutes(sdk::Router& router, PersonController& controller) {
  using sdk::apigw::ProxyRequest;
  router.Add("POST", "/people", [&](const ProxyRequest& r) { return controller.Create(r); })
      .Add("GET", "/people", [&](const ProxyRequest& r) { return controller.List(r); })
      .Add("GET", "/people/{personId}", [&](const ProxyRequest& r) { return controller.Get(r); })
      .Add("PUT", "/people/{personId}",
           [&](const ProxyRequest& r) { return controller.Replace(r); })
      .Add("DELETE", "/people/{personId}",
           [&](const ProxyRequest& r) { return controller.Remove(r); });
}

}  // namespace nimbus::people
