// A small synchronous HTTP/1.1 client over one keep-alive connection (HTTPS when the endpoint
// is https: certificates verified against the system store, SNI set). Used by the Runtime API
// client and the DynamoDB client. A request sent on a reused connection that the server has
// meanwhile closed is sent again once on a fresh connection.
//
// Not thread-safe: one client per thread.
#pragma once

#include <boost/beast/http.hpp>
#include <chrono>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace nimbus::sdk {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

// "http://127.0.0.1:9001", "https://dynamodb.us-east-1.amazonaws.com", "127.0.0.1:9001".
struct Endpoint {
  bool https = false;
  std::string host;
  std::string port;
  std::string base_path;  // "" or "/prefix", never with a trailing slash

  // A URL without a scheme is taken as http (the form of $AWS_LAMBDA_RUNTIME_API).
  static std::expected<Endpoint, std::string> Parse(std::string_view url);
  // host, or host:port when the port is not the scheme's default.
  std::string HostHeader() const;
};

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::size_t max_response_body_bytes = 64 * 1024 * 1024;
};

class HttpClient {
 public:
  explicit HttpClient(Endpoint endpoint, HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;

  // Sends `request` (Host and keep-alive are set here) and reads the whole response.
  // `timeout` bounds the exchange; nullopt waits for ever (the Runtime API's long poll).
  // The error is a readable description of the transport failure.
  std::expected<HttpResponse, std::string> Send(HttpRequest request,
                                                std::optional<std::chrono::milliseconds> timeout);

  const Endpoint& endpoint() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nimbus::sdk
