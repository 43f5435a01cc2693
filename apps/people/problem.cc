#include "people/problem.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace nimbus::people {

sdk::apigw::ProxyResponse ProblemResponse(const ProblemType& type, std::string_view detail,
                                          std::string_view instance, const FieldErrors& errors) {
  boost::json::object body{{"type", type.type},
                           {"title", type.title},
                           {"status", type.status},
                           {"detail", detail},
                           {"instance", instance}};
  if (!errors.empty()) {
    boost::json::array list;
    for (const FieldError& error : errors) {
      list.emplace_back(boost::json::object{{"field", error.field}, {"message", error.message}});
    }
    body["errors"] = std::move(list);  // an extension member, as RFC 9457 §3.2 allows
  }
  sdk::apigw::ProxyResponse response;
  response.status_code = type.status;
  response.headers["Content-Type"] = "application/problem+json";
  response.body = boost::json::serialize(body);
  return response;
}

}  // namespace nimbus::people
