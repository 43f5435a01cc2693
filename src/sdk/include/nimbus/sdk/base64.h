// Base64 (RFC 4648 §4) and base64url without padding (§5): for base64-encoded proxy bodies
// and for opaque tokens such as page cursors.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nimbus::sdk {

std::string EncodeBase64Url(std::string_view bytes);

// Both return nullopt on a character outside the alphabet or an impossible length.
// DecodeBase64 accepts optional '=' padding; DecodeBase64Url accepts none.
std::optional<std::string> DecodeBase64(std::string_view text);
std::optional<std::string> DecodeBase64Url(std::string_view text);

}  // namespace nimbus::sdk
