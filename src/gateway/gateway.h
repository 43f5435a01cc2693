// The gateway: API Gateway (REST API, proxy integrations), locally. It serves the routes of an
// OpenAPI 3 document with `x-amazon-apigateway-integration` extensions, turns each request into
// a Lambda proxy event (payload format 1.0), invokes the integration's function and maps the
// proxy response back to HTTP. Unknown routes get API Gateway's own 403.
//
//   auto api = gateway::LoadApi(openapi_path, {{"region", "us-east-1"}});
//   gateway::Gateway gw(options, std::move(*api), invoker);
//   server handler: [&](net::Request r, const net::Peer& p) { return gw.Handle(std::move(r), p); }
//
// Thread-safe after construction.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "lambda/invoker.h"
#include "net/http.h"

namespace nimbus::gateway {

struct Api;  // the loaded routes; defined in api.h
class Router;
class Authorizers;

// Reads an OpenAPI 3 document. `${name}` placeholders (as Terraform's templatefile fills them)
// are replaced from `variables`; an unknown placeholder is an error. Errors name the file and
// the path inside it.
std::expected<std::shared_ptr<const Api>, std::string> LoadApi(
    const std::filesystem::path& openapi, const std::map<std::string, std::string>& variables);

struct GatewayOptions {
  std::string api_id = "local";
  std::string stage = "local";
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // The time stamped on events (requestTime, trace ids); empty: the system clock.
  std::function<std::chrono::system_clock::time_point()> clock;
};

class Gateway {
 public:
  // REQUIRES: `api` came from LoadApi (or passes the same checks); throws std::invalid_argument
  // otherwise. `invoker` outlives the Gateway.
  Gateway(GatewayOptions options, std::shared_ptr<const Api> api, lambda::Invoker& invoker);
  ~Gateway();
  boost::asio::awaitable<net::Response> Handle(net::Request request, const net::Peer& peer) const;

 private:
  GatewayOptions options_;
  std::shared_ptr<const Api> api_;
  std::unique_ptr<const Router> router_;
  lambda::Invoker& invoker_;
  std::unique_ptr<const Authorizers> authorizers_;
};

}  // namespace nimbus::gateway
