#include "gateway/proxy_response_v2.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "gateway/codec.h"

namespace nimbus::gateway {

namespace json = boost::json;

namespace {

ProxyResponse Inferred(const json::value& doc, std::string_view payload) {
  ProxyResponse response;
  response.headers.emplace_back("Content-Type", "application/json");
  response.body = doc.is_string() ? std::string(doc.get_string()) : std::string(payload);
  return response;
}

}  // namespace

std::expected<ProxyResponse, std::string> ParseProxyResponseV2(std::string_view payload) {
  boost::system::error_code ec;
  json::value doc = json::parse(payload, ec);
  if (ec) return std::unexpected("not JSON: " + ec.message());
  const json::object* object = doc.if_object();
  if (object == nullptr || !object->contains("statusCode")) return Inferred(doc, payload);

  ProxyResponse response;
  const json::value& status = object->at("statusCode");
  if (!status.is_int64() || status.get_int64() < 100 || status.get_int64() > 599) {
    return std::unexpected("statusCode must be an integer between 100 and 599");
  }
  response.status_code = static_cast<int>(status.get_int64());

  if (const json::value* h = object->if_contains("headers"); h && !h->is_null()) {
    if (!h->is_object()) return std::unexpected("headers must be an object");
    for (const auto& [name, v] : h->get_object()) {
      auto text = ProxyHeaderValue(v, name);
      if (!text) return std::unexpected(text.error());
      response.headers.emplace_back(name, std::move(*text));
    }
  }
  if (const json::value* c = object->if_contains("cookies"); c && !c->is_null()) {
    if (!c->is_array()) return std::unexpected("cookies must be an array");
    for (const auto& cookie : c->get_array()) {
      auto text = ProxyHeaderValue(cookie, "Set-Cookie");
      if (!text || !cookie.is_string()) return std::unexpected("cookies must hold strings");
      response.headers.emplace_back("Set-Cookie", std::move(*text));
    }
  }
  bool base64 = false;
  if (const json::value* b = object->if_contains("isBase64Encoded"); b && !b->is_null()) {
    if (!b->is_bool()) return std::unexpected("isBase64Encoded must be a boolean");
    base64 = b->get_bool();
  }
  if (const json::value* body = object->if_contains("body"); body && !body->is_null()) {
    if (!body->is_string()) return std::unexpected("body must be a string");
    response.body = std::string(body->get_string());
    if (base64) {
      auto decoded = Base64Decode(response.body);
      if (!decoded) return std::unexpected("body is not valid base64");
      response.body = std::move(*decoded);
    }
  }
  return response;
}

}  // namespace nimbus::gateway
