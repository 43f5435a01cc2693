#include <algorithm>
#include <cctype>

#include "http_client.h"

namespace nimbus::sdk {

std::expected<Endpoint, std::string> Endpoint::Parse(std::string_view url) {
  Endpoint endpoint;
  std::string_view rest = url;
  if (size_t scheme_end = rest.find("://"); scheme_end != std::string_view::npos) {
    std::string scheme(rest.substr(0, scheme_end));
    std::ranges::transform(scheme, scheme.begin(), [](unsigned char c) { return std::tolower(c); });
    if (scheme == "https") {
      endpoint.https = true;
    } else if (scheme != "http") {
      return std::unexpected("unsupported scheme in endpoint '" + std::string(url) + "'");
    }
    rest.remove_prefix(scheme_end + 3);
  }
  size_t path_start = rest.find('/');
  std::string_view authority = rest.substr(0, path_start);
  if (path_start != std::string_view::npos) {
    std::string_view path = rest.substr(path_start);
    while (path.ends_with('/')) path.remove_suffix(1);
    endpoint.base_path = std::string(path);
  }
  if (authority.starts_with('[')) {  // [::1]:8080
    size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return std::unexpected("malformed endpoint '" + std::string(url) + "'");
    }
    endpoint.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (authority.starts_with(':')) endpoint.port = std::string(authority.substr(1));
  } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    endpoint.host = std::string(authority.substr(0, colon));
    endpoint.port = std::string(authority.substr(colon + 1));
  } else {
    endpoint.host = std::string(authority);
  }
  if (endpoint.host.empty()) {
    return std::unexpected("no host in endpoint '" + std::string(url) + "'");
  }
  if (endpoint.port.empty()) endpoint.port = endpoint.https ? "443" : "80";
  if (!std::ranges::all_of(endpoint.port, [](unsigned char c) { return std::isdigit(c); })) {
    return std::unexpected("bad port in endpoint '" + std::string(url) + "'");
  }
  return endpoint;
}

std::string Endpoint::HostHeader() const {
  const bool default_port = port == (https ? "443" : "80");
  std::string host_part = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return default_port ? host_part : host_part + ":" + port;
}

}  // namespace nimbus::sdk
