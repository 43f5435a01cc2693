// The index build against concurrent writes, below the service: builds advance one small step at
// a time, interleaved with (and racing) item writes, and the finished index must hold exactly
// the entries the items call for, with counters that match.
#include "dynamodb/index_build.h"

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "dynamodb/index.h"
#include "dynamodb/item_codec.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/operations.h"
#include "dynamodb/table_stats.h"
#include "dynamodb/test_util.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

class IndexBuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto storage = Storage::Open(dir_.path() / "db", false);
    ASSERT_TRUE(storage.has_value());
    storage_ = std::move(*storage);
    auto catalog = TableCatalog::Load(*storage_);
    ASSERT_TRUE(catalog.has_value());
    catalog_ = std::move(*catalog);
    Run(&CreateTable, R"j({"TableName":"tbl","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})j");
  }

  ReplyBody Run(Operation op, std::string_view body) {
    OperationContext ctx{*storage_, *catalog_, options_, [] { return 1.0; }};
    return op(ctx, json::parse(body).as_object());
  }
  void Put(int id, int city) {
    auto r = Run(&PutItem, R"j({"TableName":"tbl","Item":{"id":{"S":"k)j" + std::to_string(id) +
                               R"j("},"city":{"S":"c)j" + std::to_string(city) + R"j("}}})j");
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }
  void Delete(int id) {
    auto r = Run(&DeleteItem,
                 R"j({"TableName":"tbl","Key":{"id":{"S":"k)j" + std::to_string(id) + R"j("}}})j");
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }
  void CreateIndex() {
    auto r = Run(&UpdateTable, R"j({"TableName":"tbl",
      "AttributeDefinitions":[{"AttributeName":"city","AttributeType":"S"}],
      "GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byCity",
        "KeySchema":[{"AttributeName":"city","KeyType":"HASH"}],
        "Projection":{"ProjectionType":"ALL"}}}]})j");
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }

  // The index holds an entry for exactly the indexable items; the counters agree.
  void ExpectConsistent() {
    std::shared_ptr<Table> table = catalog_->Find("tbl");
    const Index* index = FindIndex(*table, "byCity");
    ASSERT_NE(index, nullptr);
    ASSERT_FALSE(index->building);
    std::set<std::string> expected, actual;
    Counters items, entries;
    for (auto r = storage_->Scan(TablePrefix(table->id), TablePrefixEnd(table->id)); r.Valid();
         r.Next()) {
      auto item = DecodeItem(r.value());
      ++items.count;
      items.bytes += static_cast<std::int64_t>(ItemSize(*item));
      if (auto key = IndexEntryKey(*table, *index, *item)) expected.insert(*key);
    }
    std::string prefix = IndexPrefix(table->id, *index);
    for (auto r = storage_->Scan(prefix, PrefixSuccessor(prefix)); r.Valid(); r.Next()) {
      actual.emplace(r.key());
      ++entries.count;
      entries.bytes += static_cast<std::int64_t>(ItemSize(*DecodeItem(r.value())));
    }
    EXPECT_EQ(actual, expected);
    auto table_counters = ReadCounters(*storage_, CountersKey(table->id));
    auto index_counters = ReadCounters(*storage_, CountersKey(table->id, index->id));
    EXPECT_EQ(table_counters->count, items.count);
    EXPECT_EQ(table_counters->bytes, items.bytes);
    EXPECT_EQ(index_counters->count, entries.count);
    EXPECT_EQ(index_counters->bytes, entries.bytes);
  }

  testing::TempDir dir_;
  Options options_;
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<TableCatalog> catalog_;
};

TEST_F(IndexBuildTest, WritesOnBothSidesOfTheBuildMark) {
  for (int i = 0; i < 20; ++i) Put(i, i % 3);
  CreateIndex();
  std::shared_ptr<Table> table = catalog_->Find("tbl");
  // Keys sort as k0, k1, k10..k19, k2, ...: after 5 steps of 1 item the mark is at k13.
  for (int step = 0; step < 5; ++step) {
    ASSERT_TRUE(*BuildIndexesStep(*storage_, *catalog_, *table, 1));
  }
  Put(1, 7);    // behind the mark: the write maintains the entry
  Put(18, 7);   // ahead: the build will index it as it is then
  Delete(0);    // behind
  Delete(19);   // ahead
  Put(100, 7);  // new, ahead (k100 sorts before k11; behind the mark)
  Put(5, 1);    // ahead
  while (*BuildIndexesStep(*storage_, *catalog_, *table, 1)) {
    Put(2, 9);  // rewritten while the build is at every position
  }
  ExpectConsistent();
}

TEST_F(IndexBuildTest, RacingWritersNeverLeaveTheIndexInconsistent) {
  for (int i = 0; i < 300; ++i) Put(i, i % 5);
  CreateIndex();
  std::shared_ptr<Table> table = catalog_->Find("tbl");
  std::atomic<bool> done = false;
  std::atomic<int> writes = 0;
  std::vector<std::thread> writers;
  for (int w = 0; w < 3; ++w) {
    writers.emplace_back([&, w] {
      std::mt19937 rng(w);
      while (!done) {
        int id = static_cast<int>(rng() % 400);
        if (rng() % 4 == 0) {
          Delete(id);
        } else {
          Put(id, static_cast<int>(rng() % 5));
        }
        ++writes;
      }
    });
  }
  // Every step waits for a few writes to land first, so the two truly interleave.
  while (*BuildIndexesStep(*storage_, *catalog_, *table, 7)) {
    for (int seen = writes; writes < seen + 3;) std::this_thread::yield();
  }
  done = true;
  for (auto& t : writers) t.join();
  ExpectConsistent();
}

}  // namespace
}  // namespace nimbus::dynamodb
