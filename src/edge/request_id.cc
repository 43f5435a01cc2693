#include "edge/request_id.h"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <random>

namespace nimbus::edge {

namespace {
thread_local std::mt19937_64 random_engine{std::random_device{}()};
}

std::string NewDynamoDbRequestId() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::uniform_int_distribution<int> pick(0, sizeof(kAlphabet) - 2);
  std::string id(52, 'A');
  for (auto& c : id) c = kAlphabet[pick(random_engine)];
  return id;
}

std::string NewUuid() {
  thread_local boost::uuids::random_generator generator;
  return boost::uuids::to_string(generator());
}

}  // namespace nimbus::edge
