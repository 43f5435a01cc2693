// Where new person ids come from: injected so that tests get predictable ids.
#pragma once

#include <memory>
#include <random>
#include <string>

namespace nimbus::people {

class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  virtual std::string NewId() = 0;
};

// Random UUIDs, version 4 (RFC 9562 §5.4), lower-case hex. Not thread-safe.
class UuidV4Generator final : public IdGenerator {
 public:
  UuidV4Generator();
  std::string NewId() override;

 private:
  std::mt19937_64 engine_;
};

}  // namespace nimbus::people
