// DescribeTable's ItemCount and TableSizeBytes (and each index's): kept with every item change,
// without scans, exact after a restart and after kill -9.
#include <gtest/gtest.h>

#include "dynamodb/key_codec.h"
#include "dynamodb/storage.h"
#include "dynamodb/table_stats.h"
#include "dynamodb/test_util.h"

namespace nimbus::dynamodb {
namespace {

using testing::Call;
using testing::Invoke;

constexpr const char* kCreate = R"j({"TableName":"people","BillingMode":"PAY_PER_REQUEST",
  "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},
    {"AttributeName":"city","AttributeType":"S"}],
  "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
  "GlobalSecondaryIndexes":[{"IndexName":"byCity",
    "KeySchema":[{"AttributeName":"city","KeyType":"HASH"}],
    "Projection":{"ProjectionType":"KEYS_ONLY"}}]})j";

// {"id":"pN","city":"Oslo","s":<len x's>}: 2+2 + 4+4 + 1+len bytes.
std::string Item(int n, int len) {
  return R"j({"TableName":"people","Item":{"id":{"S":"p)j" + std::to_string(n) +
         R"j("},"city":{"S":"Oslo"},"s":{"S":")j" + std::string(len, 'x') + R"j("}}})j";
}
constexpr long long kBase = 2 + 2 + 4 + 4 + 1;  // for n < 10

struct Counts {
  long long items, bytes, index_items;
};

Counts Read(Service& s) {
  auto t = Invoke(s, "DescribeTable", R"({"TableName":"people"})").body.at("Table");
  return {t.at("ItemCount").as_int64(), t.at("TableSizeBytes").as_int64(),
          t.at("GlobalSecondaryIndexes").at(0).at("ItemCount").as_int64()};
}

std::unique_ptr<Service> Open(const testing::TempDir& dir) {
  auto s = Service::Open({.data_dir = dir.path() / "db", .background_thread = false});
  EXPECT_TRUE(s.has_value());
  return std::move(*s);
}

TEST(CountersTest, FollowEveryWriteAndSurviveRestart) {
  testing::TempDir dir;
  auto s = Open(dir);
  ASSERT_EQ(Invoke(*s, "CreateTable", kCreate).status, 200);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(Invoke(*s, "PutItem", Item(i, 10)).status, 200);
  Counts c = Read(*s);
  EXPECT_EQ(c.items, 5);
  EXPECT_EQ(c.bytes, 5 * (kBase + 10));
  EXPECT_EQ(c.index_items, 5);

  ASSERT_EQ(Invoke(*s, "PutItem", Item(0, 30)).status, 200);  // overwrite: +20 bytes
  ASSERT_EQ(Invoke(*s, "UpdateItem", R"j({"TableName":"people","Key":{"id":{"S":"p1"}},
    "UpdateExpression":"REMOVE city"})j")
                .status,
            200);  // leaves the index: -8 bytes
  ASSERT_EQ(Invoke(*s, "DeleteItem", R"j({"TableName":"people","Key":{"id":{"S":"p2"}}})j").status,
            200);
  ASSERT_EQ(Invoke(*s, "DeleteItem", R"j({"TableName":"people","Key":{"id":{"S":"p9"}}})j").status,
            200);  // absent: nothing changes
  c = Read(*s);
  EXPECT_EQ(c.items, 4);
  EXPECT_EQ(c.bytes, 5 * (kBase + 10) + 20 - 8 - (kBase + 10));
  EXPECT_EQ(c.index_items, 3);

  s.reset();
  s = Open(dir);
  Counts after = Read(*s);
  EXPECT_EQ(after.items, c.items);
  EXPECT_EQ(after.bytes, c.bytes);
  EXPECT_EQ(after.index_items, c.index_items);

  // DeleteTable resets them: a new table of the same name starts at zero.
  ASSERT_EQ(Invoke(*s, "DeleteTable", R"({"TableName":"people"})").status, 200);
  ASSERT_EQ(Invoke(*s, "CreateTable", kCreate).status, 200);
  c = Read(*s);
  EXPECT_EQ(c.items, 0);
  EXPECT_EQ(c.bytes, 0);
  EXPECT_EQ(c.index_items, 0);
}

// A catalog written before the counters existed: they are counted once, when it is loaded.
TEST(CountersTest, CountedOnceForTablesFromBeforeTheCounters) {
  testing::TempDir dir;
  {
    auto s = Open(dir);
    ASSERT_EQ(Invoke(*s, "CreateTable", kCreate).status, 200);
    for (int i = 0; i < 3; ++i) ASSERT_EQ(Invoke(*s, "PutItem", Item(i, 1)).status, 200);
  }
  {
    auto storage = Storage::Open(dir.path() / "db", false);
    ASSERT_TRUE(storage.has_value());
    std::string key = std::string(1, kCatalogSpace) + "t/people";
    auto doc = boost::json::parse(**(*storage)->Get(key)).as_object();
    doc.erase("counted");
    ASSERT_TRUE((*storage)->Put(key, boost::json::serialize(doc)));
    rocksdb::WriteBatch batch;
    batch.DeleteRange(CountersKey(doc.at("id").to_number<std::uint64_t>()),
                      CountersEnd(doc.at("id").to_number<std::uint64_t>()));
    ASSERT_TRUE((*storage)->Write(batch));
  }
  auto s = Open(dir);
  Counts c = Read(*s);
  EXPECT_EQ(c.items, 3);
  EXPECT_EQ(c.bytes, 3 * (kBase + 1));
  EXPECT_EQ(c.index_items, 3);
}

TEST(CountersTest, ExactAfterKill9) {
  testing::TempDir dir;
  ASSERT_TRUE(testing::WriteThenKill9(dir.path() / "db", [](Service& service) {
    bool ok = service.Handle("CreateTable", kCreate).http_status == 200;
    for (int i = 0; i < 7; ++i) ok = ok && service.Handle("PutItem", Item(i, 5)).http_status == 200;
    return ok && service.Handle("DeleteItem", R"j({"TableName":"people",
      "Key":{"id":{"S":"p3"}}})j")
                         .http_status == 200;
  }));

  auto s = Open(dir);
  Counts c = Read(*s);
  EXPECT_EQ(c.items, 6);
  EXPECT_EQ(c.bytes, 6 * (kBase + 5));
  EXPECT_EQ(c.index_items, 6);
}

}  // namespace
}  // namespace nimbus::dynamodb
