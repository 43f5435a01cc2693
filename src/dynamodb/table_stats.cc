#include "dynamodb/table_stats.h"

#include "dynamodb/key_codec.h"

namespace nimbus::dynamodb {
namespace {

constexpr std::size_t kEncodedSize = 16;

void AppendLittleEndian(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}

std::uint64_t ReadLittleEndian(const char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

std::string Encode(Counters c) {
  std::string out;
  out.reserve(kEncodedSize);
  AppendLittleEndian(out, static_cast<std::uint64_t>(c.count));
  AppendLittleEndian(out, static_cast<std::uint64_t>(c.bytes));
  return out;
}

// A malformed value counts as zero rather than failing reads: counters are advisory.
Counters Decode(std::string_view bytes) {
  if (bytes.size() != kEncodedSize) return {};
  return {static_cast<std::int64_t>(ReadLittleEndian(bytes.data())),
          static_cast<std::int64_t>(ReadLittleEndian(bytes.data() + 8))};
}

class CountersMergeOperator final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    Counters sum = existing ? Decode({existing->data(), existing->size()}) : Counters{};
    Counters delta = Decode({value.data(), value.size()});
    sum.count += delta.count;
    sum.bytes += delta.bytes;
    *new_value = Encode(sum);
    return true;
  }
  // Persisted with the data: renaming it would make existing databases unreadable.
  const char* Name() const override { return "nimbus.counters.add"; }
};

void AppendBigEndian(std::string& out, std::uint64_t v, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>(v >> shift));
  }
}

}  // namespace

std::string CountersKey(std::uint64_t table_id, std::uint16_t index_id) {
  std::string out(1, kStatsSpace);
  AppendBigEndian(out, table_id, 8);
  AppendBigEndian(out, index_id, 2);
  return out;
}

std::string CountersEnd(std::uint64_t table_id) {
  std::string out(1, kStatsSpace);
  AppendBigEndian(out, table_id + 1, 8);
  return out;
}

void AppendCountersDelta(rocksdb::WriteBatch& batch, const std::string& key, Counters delta) {
  if (delta.count == 0 && delta.bytes == 0) return;
  batch.Merge(key, Encode(delta));
}

Result<Counters> ReadCounters(Storage& storage, const std::string& key) {
  auto value = storage.Get(key);
  if (!value) return Fail(value.error());
  if (!*value) return Counters{};
  return Decode(**value);
}

std::shared_ptr<rocksdb::MergeOperator> NewCountersMergeOperator() {
  return std::make_shared<CountersMergeOperator>();
}

}  // namespace nimbus::dynamodb
