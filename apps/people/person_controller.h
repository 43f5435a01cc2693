// HTTP ↔ DTO for /people: reads path, query, headers and body from the proxy request, calls
// the service, and chooses the status code, headers (Location, ETag) and body. Error detail
// goes to `log`, never to the client. Holds references to the service and the log stream,
// which must outlive it.
#pragma once

#include <ostream>

#include "nimbus/sdk/apigw.h"
#include "people/person_service.h"

namespace nimbus::people {

class PersonController {
 public:
  PersonController(PersonService& service, std::ostream& log);

  sdk::apigw::ProxyResponse Create(const sdk::apigw::ProxyRequest& request);   // POST /people
  sdk::apigw::ProxyResponse Get(const sdk::apigw::ProxyRequest& request);      // GET /people/{id}
  sdk::apigw::ProxyResponse List(const sdk::apigw::ProxyRequest& request);     // GET /people
  sdk::apigw::ProxyResponse Replace(const sdk::apigw::ProxyRequest& request);  // PUT /people/{id}
  sdk::apigw::ProxyResponse Remove(const sdk::apigw::ProxyRequest& request);   // DELETE

 private:
  sdk::apigw::ProxyResponse Failure(const sdk::apigw::ProxyRequest& request,
                                    const ServiceError& error);

  PersonService& service_;
  std::ostream& log_;
};

}  // namespace nimbus::people
