// Fakes for the events service's injected parts: Lambda, HTTP, waiting and the log. Each
// records what it was asked and answers from a script, at once.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "events/delivery.h"
#include "lambda/invoker.h"

namespace nimbus::events::testing {

class FakeInvoker : public lambda::Invoker {
 public:
  struct Call {
    std::string function;
    std::string payload;
  };
  boost::asio::awaitable<lambda::InvokeResult> Invoke(std::string function_name,
                                                      std::string payload) override {
    std::lock_guard lock(mutex);
    calls.push_back({function_name, payload});
    if (script.empty()) co_return lambda::InvokeResult{.payload = "null"};
    auto result = script.front();
    script.pop_front();
    co_return result;
  }
  std::mutex mutex;
  std::vector<Call> calls;
  std::deque<lambda::InvokeResult> script;  // then success
};

class FakeHttpPoster : public HttpPoster {
 public:
  struct Post {
    std::string url;
    std::map<std::string, std::string> headers;
    std::string body;
  };
  boost::asio::awaitable<HttpOutcome> Post(std::string url,
                                           std::map<std::string, std::string> headers,
                                           std::string body) override {
    posts.push_back({url, headers, body});
    if (statuses.empty()) co_return HttpOutcome{200, ""};
    int status = statuses.front();
    statuses.pop_front();
    co_return HttpOutcome{status, status == 0 ? "connection refused" : ""};
  }
  std::vector<struct Post> posts;
  std::deque<int> statuses;  // then 200; 0: no response
};

class FakeWaiter : public Waiter {
 public:
  boost::asio::awaitable<void> Wait(std::chrono::milliseconds delay) override {
    waits.push_back(delay);
    co_return;
  }
  void Stop() override {}
  std::vector<std::chrono::milliseconds> waits;
};

}  // namespace nimbus::events::testing
