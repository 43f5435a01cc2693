// Small encoders the gateway needs on both sides of an integration: base64 for binary bodies,
// percent-decoding for query strings (API Gateway hands REST API functions decoded parameters).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nimbus::gateway {

std::string Base64Encode(std::string_view data);
// nullopt if `text` is not standard base64 (padding optional).
std::optional<std::string> Base64Decode(std::string_view text);

// Decodes %XX escapes and '+' as space; a malformed escape is kept as written, as a lenient
// server does, rather than failing the request.
std::string PercentDecodeQuery(std::string_view text);

// True if `data` is well-formed UTF-8.
bool IsValidUtf8(std::string_view data);

}  // namespace nimbus::gateway
