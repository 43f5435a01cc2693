#include "gateway/proxy_response.h"

#include <algorithm>
#include <array>
#include <boost/beast/core/string.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cctype>

#include "gateway/codec.h"

namespace nimbus::gateway {

namespace json = boost::json;

namespace {

// Headers a function may not set on the wire because the gateway owns them; AWS renames them
// to x-amzn-Remapped-<name> rather than dropping them.
constexpr std::array<std::string_view, 6> kRemapped = {
    "connection", "content-length", "date", "server", "transfer-encoding", "upgrade"};

bool IsToken(std::string_view name) {
  static constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::ranges::all_of(name, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           kSpecials.find(c) != std::string_view::npos;
  });
}

bool SameName(std::string_view a, std::string_view b) { return boost::beast::iequals(a, b); }

}  // namespace

std::expected<std::string, std::string> ProxyHeaderValue(const json::value& v,
                                                         std::string_view name) {
  if (!IsToken(name)) return std::unexpected("invalid header name " + std::string(name));
  if (v.is_string()) {
    std::string_view text = v.get_string();
    // A CR or LF would let the function inject headers or split the response.
    if (text.find_first_of("\r\n") != std::string_view::npos) {
      return std::unexpected("header " + std::string(name) + " contains a line break");
    }
    return std::string(text);
  }
  // AWS accepts numbers and booleans (`"Access-Control-Allow-Credentials": true` is common).
  if (v.is_bool()) return v.get_bool() ? "true" : "false";
  if (v.is_int64() || v.is_uint64() || v.is_double()) return json::serialize(v);
  return std::unexpected("header " + std::string(name) + " must be a string");
}

std::expected<ProxyResponse, std::string> ParseProxyResponse(std::string_view payload) {
  boost::system::error_code ec;
  json::value doc = json::parse(payload, ec);
  if (ec) return std::unexpected("not JSON: " + ec.message());
  if (!doc.is_object()) return std::unexpected("not a JSON object");
  const json::object& object = doc.get_object();
  for (const auto& [key, value] : object) {
    if (key != "statusCode" && key != "headers" && key != "multiValueHeaders" && key != "body" &&
        key != "isBase64Encoded") {
      return std::unexpected("unknown field " + std::string(key));
    }
  }

  ProxyResponse response;
  const json::value* status = object.if_contains("statusCode");
  if (status == nullptr) return std::unexpected("missing statusCode");
  if (status->is_int64()) {
    response.status_code = static_cast<int>(std::clamp<std::int64_t>(status->get_int64(), 0, 1000));
  } else if (status->is_uint64()) {
    response.status_code = 1000;
  } else {
    return std::unexpected("statusCode must be an integer");
  }
  if (response.status_code < 100 || response.status_code > 599) {
    return std::unexpected("statusCode out of range");
  }

  std::vector<std::pair<std::string, std::string>> multi;
  if (const json::value* mv = object.if_contains("multiValueHeaders"); mv && !mv->is_null()) {
    if (!mv->is_object()) return std::unexpected("multiValueHeaders must be an object");
    for (const auto& [name, values] : mv->get_object()) {
      if (!values.is_array()) {
        return std::unexpected("multiValueHeaders." + std::string(name) + " must be an array");
      }
      for (const auto& v : values.get_array()) {
        auto text = ProxyHeaderValue(v, name);
        if (!text) return std::unexpected(text.error());
        multi.emplace_back(name, std::move(*text));
      }
    }
  }
  if (const json::value* h = object.if_contains("headers"); h && !h->is_null()) {
    if (!h->is_object()) return std::unexpected("headers must be an object");
    for (const auto& [name, v] : h->get_object()) {
      auto text = ProxyHeaderValue(v, name);
      if (!text) return std::unexpected(text.error());
      bool overridden =
          std::ranges::any_of(multi, [&](const auto& m) { return SameName(m.first, name); });
      if (!overridden) response.headers.emplace_back(name, std::move(*text));
    }
  }
  std::ranges::move(multi, std::back_inserter(response.headers));

  bool base64 = false;
  if (const json::value* b = object.if_contains("isBase64Encoded"); b && !b->is_null()) {
    if (!b->is_bool()) return std::unexpected("isBase64Encoded must be a boolean");
    base64 = b->get_bool();
  }
  if (const json::value* body = object.if_contains("body"); body && !body->is_null()) {
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

net::Response ToHttpResponse(ProxyResponse proxy, const net::Request& request) {
  net::Response response{static_cast<net::http::status>(proxy.status_code), request.version()};
  for (auto& [name, value] : proxy.headers) {
    bool remap =
        std::ranges::any_of(kRemapped, [&](std::string_view r) { return SameName(r, name); });
    if (remap) {
      response.insert("x-amzn-Remapped-" + name, value);
    } else {
      response.insert(name, value);
    }
  }
  if (response.find(net::http::field::content_type) == response.end()) {
    response.set(net::http::field::content_type, "application/json");
  }
  response.keep_alive(request.keep_alive());
  response.body() = std::move(proxy.body);
  response.prepare_payload();
  return response;
}

}  // namespace nimbus::gateway
