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

// Decodes %XX escapes only: '+' stays a '+' in a path. A malformed escape is kept as written.
std::string PercentDecodePath(std::string_view text);

// ASCII lower case (header names, media types, OpenAPI enum values).
std::string AsciiLower(std::string_view text);

// True if `data` is well-formed UTF-8.
bool IsValidUtf8(std::string_view data);

}  // namespace nimbus::gateway
