#include "people/handler.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <exception>

#include "people/problem.h"

namespace nimbus::people {

sdk::runtime::InvocationResponse HandleInvocation(const sdk::Router& router,
                                                  const sdk::runtime::InvocationRequest& invocation,
                                                  std::ostream& log) {
  using sdk::runtime::InvocationResponse;
  try {
    boost::system::error_code ec;
    const boost::json::value event = boost::json::parse(invocation.payload, ec);
    if (ec) return InvocationResponse::Failure("event is not JSON", "InvalidEvent");
    auto request = sdk::apigw::ProxyRequest::FromJson(event);
    if (!request) {
      return InvocationResponse::Failure("not a REST API proxy event: " + request.error(),
                                         "InvalidEvent");
    }
    return InvocationResponse::Success(boost::json::serialize(router.Dispatch(*request).ToJson()));
  } catch (const std::exception& e) {
    log << "ERROR requestId=" << invocation.request_id << ": unhandled exception: " << e.what()
        << '\n';
    log.flush();
    return InvocationResponse::Success(boost::json::serialize(
        ProblemResponse(problems::kInternal, "The request could not be completed", "").ToJson()));
  }
}

}  // namespace nimbus::people
