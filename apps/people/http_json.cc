#include "people/http_json.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <optional>
#include <string>

#include "people/problem.h"

namespace nimbus::people {
namespace {

sdk::apigw::ProxyResponse NotAnObject(const sdk::apigw::ProxyRequest& request,
                                      std::string_view detail) {
  return ProblemResponse(problems::kMalformedBody, detail, request.path);
}

}  // namespace

sdk::apigw::ProxyResponse JsonResponse(int status, const boost::json::value& body) {
  sdk::apigw::ProxyResponse response;
  response.status_code = status;
  response.headers["Content-Type"] = "application/json";
  response.body = boost::json::serialize(body);
  return response;
}

sdk::apigw::ProxyResponse EmptyResponse(int status) {
  sdk::apigw::ProxyResponse response;
  response.status_code = status;
  response.headers["Content-Type"] = "application/json";
  return response;
}

std::expected<boost::json::object, sdk::apigw::ProxyResponse> ReadJsonObjectBody(
    const sdk::apigw::ProxyRequest& request) {
  if (!request.body || request.body->empty()) {
    return std::unexpected(NotAnObject(request, "The request needs a JSON object body"));
  }
  std::optional<std::string> body = request.DecodedBody();
  if (!body) return std::unexpected(NotAnObject(request, "The body is not valid base64"));
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(*body, ec);
  if (ec) return std::unexpected(NotAnObject(request, "The body is not valid JSON"));
  if (!value.is_object()) {
    return std::unexpected(NotAnObject(request, "The body must be a JSON object"));
  }
  return std::move(value.get_object());
}

}  // namespace nimbus::people
