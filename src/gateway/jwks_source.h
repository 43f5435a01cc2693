// Where a JWT authorizer's keys come from: a JWKS file, or an http:// URL on the loopback
// interface (a local identity provider). Anything else is refused: the gateway never reaches
// out of the machine.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <expected>
#include <functional>
#include <string>

namespace nimbus::gateway {

// How long a fetch of a JWKS URL may take.
inline constexpr std::chrono::seconds kJwksFetchTimeout{5};
// A JWKS document larger than this is refused.
inline constexpr std::size_t kMaxJwksBytes = 1024 * 1024;

// Reads the JWKS document at `uri`: a file path or a loopback http:// URL.
boost::asio::awaitable<std::expected<std::string, std::string>> FetchJwks(std::string uri);

using JwksFetcher =
    std::function<boost::asio::awaitable<std::expected<std::string, std::string>>(std::string)>;

}  // namespace nimbus::gateway
