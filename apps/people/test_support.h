// Test doubles and builders shared by the People tests: a settable clock, predictable ids,
// and proxy requests shaped as API Gateway sends them.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "nimbus/sdk/apigw.h"
#include "people/clock.h"
#include "people/id_generator.h"

namespace nimbus::people::testing {

// 2024-05-01T12:34:56.000Z until advanced.
class FakeClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override { return now_; }
  void Advance(std::chrono::milliseconds by) { now_ += by; }

 private:
  std::chrono::system_clock::time_point now_{std::chrono::seconds(1714566896)};
};

// "00000000-0000-4000-8000-000000000001", "...002", ...: valid v4 shapes, in order.
class SequentialIds final : public IdGenerator {
 public:
  std::string NewId() override {
    std::string n = std::to_string(++count_);
    return "00000000-0000-4000-8000-" + std::string(12 - n.size(), '0') + n;
  }

 private:
  int count_ = 0;
};

inline sdk::apigw::ProxyRequest MakeRequest(std::string method, std::string resource,
                                            std::string path,
                                            std::optional<std::string> body = std::nullopt) {
  sdk::apigw::ProxyRequest request;
  request.http_method = std::move(method);
  request.resource = std::move(resource);
  request.path = std::move(path);
  request.body = std::move(body);
  request.headers["Content-Type"] = "application/json";
  request.request_context.request_id = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
  request.request_context.http_method = request.http_method;
  request.request_context.resource_path = request.resource;
  request.request_context.path = request.path;
  if (request.resource == "/people/{personId}") {
    request.path_parameters["personId"] = request.path.substr(std::string("/people/").size());
  }
  return request;
}

}  // namespace nimbus::people::testing
