#include "people/http_json.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <optional>
#include <string>

namespace nimbus::people {
namespace {

constexpr std::string_view kNotAnObject = "Request body must be a JSON object";

}  // namespace

sdk::apigw::ProxyResponse JsonResponse(int status, const boost::json::value& body) {
  sdk::apigw::ProxyResponse response = EmptyResponse(status);
  response.body = boost::json::serialize(body);
  return response;
}

sdk::apigw::ProxyResponse MessageResponse(int status, std::string_view message) {
  return JsonResponse(status, boost::json::object{{"message", message}});
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
    return std::unexpected(MessageResponse(400, kNotAnObject));
  }
  std::optional<std::string> body = request.DecodedBody();
  if (!body) return std::unexpected(MessageResponse(400, "Malformed JSON body"));
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(*body, ec);
  if (ec) return std::unexpected(MessageResponse(400, "Malformed JSON body"));
  if (!value.is_object()) return std::unexpected(MessageResponse(400, kNotAnObject));
  return std::move(value.get_object());
}

}  // namespace nimbus::people
