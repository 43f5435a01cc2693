#include "people/id_generator.h"

#include <array>
#include <cstdint>

namespace nimbus::people {

UuidV4Generator::UuidV4Generator() {
  // Seeded from the OS once per instance: two Lambda instances must not share a sequence.
  std::random_device device;
  std::seed_seq seed{device(), device(), device(), device(),
                     device(), device(), device(), device()};
  engine_.seed(seed);
}

std::string UuidV4Generator::NewId() {
  std::array<std::uint8_t, 16> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 8) {
    std::uint64_t word = engine_();
    for (std::size_t j = 0; j < 8; ++j, word >>= 8) bytes[i + j] = static_cast<std::uint8_t>(word);
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);  // variant 10xx
  constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
    id.push_back(kHex[bytes[i] >> 4]);
    id.push_back(kHex[bytes[i] & 0x0F]);
  }
  return id;
}

}  // namespace nimbus::people
