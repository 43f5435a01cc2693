// HTTP ↔ DTO for /customers: reads path, query, headers and body from the proxy request,
// calls the service, and chooses the status code, headers (Location, ETag) and body. Error
// detail goes to `log`, never to the client. Holds references to the service and the log
// stream, which must outlive it.
#pragma once

#include <ostream>

#include "nimbus/sdk/apigw.h"
#include "people/customer_service.h"

namespace nimbus::people {

class CustomerController {
 public:
  CustomerController(CustomerService& service, std::ostream& log);

  sdk::apigw::ProxyResponse Create(const sdk::apigw::ProxyRequest& request);   // POST /customers
  sdk::apigw::ProxyResponse Get(const sdk::apigw::ProxyRequest& request);      // GET .../{id}
  sdk::apigw::ProxyResponse List(const sdk::apigw::ProxyRequest& request);     // GET /customers
  sdk::apigw::ProxyResponse Replace(const sdk::apigw::ProxyRequest& request);  // PUT .../{id}
  sdk::apigw::ProxyResponse Remove(const sdk::apigw::ProxyRequest& request);   // DELETE .../{id}

 private:
  sdk::apigw::ProxyResponse Failure(const sdk::apigw::ProxyRequest& request,
                                    const ServiceError& error);

  CustomerService& service_;
  std::ostream& log_;
};

}  // namespace nimbus::people
