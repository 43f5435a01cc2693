#include "edge/request_id.h"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <cstdint>
#include <random>

namespace nimbus::edge {

namespace {
thread_local std::mt19937_64 random_engine{std::random_device{}()};
}

std::string NewDynamoDbRequestId() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  constexpr std::uint64_t kRadix = sizeof(kAlphabet) - 1;
  // One 64-bit draw yields 12 base-36 digits (36^12 < 2^64): five draws per id, not 52.
  std::string id(52, 'A');
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (i % 12 == 0) bits = random_engine();
    id[i] = kAlphabet[bits % kRadix];
    bits /= kRadix;
  }
  return id;
}

std::string NewUuid() {
  thread_local boost::uuids::random_generator generator;
  return boost::uuids::to_string(generator());
}

}  // namespace nimbus::edge
