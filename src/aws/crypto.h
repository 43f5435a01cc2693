// The few hashing primitives SigV4 needs, over OpenSSL 3. Bytes travel as std::string.
#pragma once

#include <string>
#include <string_view>

namespace nimbus::aws {

std::string Sha256(std::string_view data);                            // 32 raw bytes
std::string HmacSha256(std::string_view key, std::string_view data);  // 32 raw bytes
std::string HexEncode(std::string_view bytes);                        // lower-case
std::string Sha256Hex(std::string_view data);

// Equal length and content, in time that depends only on the length.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace nimbus::aws
