#include "gateway/ids.h"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <cstdint>
#include <cstdio>

#include "gateway/codec.h"

namespace nimbus::gateway {

namespace {

std::string HexBytes(const unsigned char* data, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kHex[data[i] >> 4]);
    out.push_back(kHex[data[i] & 0xF]);
  }
  return out;
}

std::string_view TraceRoot(std::string_view header) {
  auto pos = header.find("Root=");
  if (pos == std::string_view::npos) return {};
  auto root = header.substr(pos + 5);
  return root.substr(0, root.find(';'));
}

}  // namespace

RequestIds NewRequestIds(std::chrono::system_clock::time_point now,
                         std::string_view incoming_trace) {
  // One generator per call: it reads the OS entropy source and holds no shared state.
  boost::uuids::random_generator generate;
  boost::uuids::uuid request = generate();
  boost::uuids::uuid extra = generate();
  boost::uuids::uuid trace = generate();

  RequestIds ids;
  ids.request_id = boost::uuids::to_string(request);
  ids.extended_request_id =
      Base64Encode(std::string_view(reinterpret_cast<const char*>(extra.data), 11));
  if (auto root = TraceRoot(incoming_trace); !root.empty()) {
    ids.trace_id = "Root=" + std::string(root);
  } else {
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
    char epoch[9];
    std::snprintf(epoch, sizeof epoch, "%08x", static_cast<std::uint32_t>(seconds.count()));
    ids.trace_id = "Root=1-" + std::string(epoch) + "-" + HexBytes(trace.data, 12);
  }
  return ids;
}

std::string ResourceIdFor(std::string_view resource_path) {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a
  for (char c : resource_path) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string id;
  for (int i = 0; i < 6; ++i) {
    id.push_back(kAlphabet[hash % 36]);
    hash /= 36;
  }
  return id;
}

}  // namespace nimbus::gateway
