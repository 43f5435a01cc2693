// A small request router for REST API proxy events: routes are (method, resource template)
// pairs, such as ("GET", "/people/{personId}"). An event carries the template API Gateway
// matched in `resource`; when it does not (a test, a `{proxy+}` resource), the path is matched.
//
//   Router router;
//   router.Add("GET", "/people/{personId}", [&](const ProxyRequest& r) { ... });
//   ProxyResponse response = router.Dispatch(request);
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "nimbus/sdk/apigw.h"

namespace nimbus::sdk {

class Router {
 public:
  using Handler = std::function<apigw::ProxyResponse(const apigw::ProxyRequest&)>;

  // `path_template` segments are literals or `{name}`; a last segment `{name+}` is greedy.
  Router& Add(std::string method, std::string path_template, Handler handler);

  // Runs the matching handler with its path parameters filled in. No route: 404 with a JSON
  // body; a path that exists with another method: 405 with an Allow header.
  apigw::ProxyResponse Dispatch(const apigw::ProxyRequest& request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    std::string path_template;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace nimbus::sdk
