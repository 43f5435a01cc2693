#include "people/customer_routes.h"

namespace nimbus::people {

void AddCustomerRoutes(sdk::Router& router, CustomerController& controller) {
  using sdk::apigw::ProxyRequest;
  router.Add("POST", "/customers", [&](const ProxyRequest& r) { return controller.Create(r); })
      .Add("GET", "/customers", [&](const ProxyRequest& r) { return controller.List(r); })
      .Add("GET", "/customers/{customerId}",
           [&](const ProxyRequest& r) { return controller.Get(r); })
      .Add("PUT", "/customers/{customerId}",
           [&](const ProxyRequest& r) { return controller.Replace(r); })
      .Add("DELETE", "/customers/{customerId}",
           [&](const ProxyRequest& r) { return controller.Remove(r); });
}

}  // namespace nimbus::people
