#include "gateway/quota_ledger.h"

#include <gtest/gtest.h>

#include <fstream>

namespace nimbus::gateway {
namespace {

using namespace std::chrono;

system_clock::time_point At(int y, unsigned m, unsigned d, int hour = 12) {
  return sys_days{year{y} / month{m} / day{d}} + hours{hour};
}

std::int64_t Day(int y, unsigned m, unsigned d) {
  return sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count();
}

TEST(QuotaPeriodStartTest, DaysWeeksFromMondayAndCalendarMonthsInUtc) {
  // 2024-05-15 is a Wednesday.
  EXPECT_EQ(QuotaPeriodStart(QuotaPeriod::kDay, At(2024, 5, 15, 23)), Day(2024, 5, 15));
  EXPECT_EQ(QuotaPeriodStart(QuotaPeriod::kWeek, At(2024, 5, 15)), Day(2024, 5, 13));
  EXPECT_EQ(QuotaPeriodStart(QuotaPeriod::kWeek, At(2024, 5, 13, 0)), Day(2024, 5, 13));
  EXPECT_EQ(QuotaPeriodStart(QuotaPeriod::kWeek, At(2024, 5, 19, 23)), Day(2024, 5, 13));
  EXPECT_EQ(QuotaPeriodStart(QuotaPeriod::kMonth, At(2024, 5, 31)), Day(2024, 5, 1));
}

TEST(QuotaLedgerTest, CountsUpToTheLimitAndStartsAgainInTheNextPeriod) {
  QuotaLedger ledger;
  const QuotaLimits quota{.limit = 2, .period = QuotaPeriod::kDay};
  EXPECT_TRUE(ledger.TryConsume("plan", "key", quota, At(2024, 5, 15)));
  EXPECT_TRUE(ledger.TryConsume("plan", "key", quota, At(2024, 5, 15)));
  EXPECT_FALSE(ledger.TryConsume("plan", "key", quota, At(2024, 5, 15, 23)));
  EXPECT_EQ(ledger.Used("plan", "key", quota, At(2024, 5, 15)), 2);
  EXPECT_TRUE(ledger.TryConsume("other", "key", quota, At(2024, 5, 15)));  // per plan
  EXPECT_TRUE(ledger.TryConsume("plan", "key2", quota, At(2024, 5, 15)));  // per key
  EXPECT_TRUE(ledger.TryConsume("plan", "key", quota, At(2024, 5, 16, 0)));
  EXPECT_EQ(ledger.Used("plan", "key", quota, At(2024, 5, 16)), 1);
}

TEST(QuotaLedgerTest, TheOffsetIsTakenOffTheInitialPeriodOnly) {
  QuotaLedger ledger;
  const QuotaLimits quota{.limit = 3, .period = QuotaPeriod::kMonth, .offset = 2};
  EXPECT_TRUE(ledger.TryConsume("plan", "key", quota, At(2024, 5, 15)));
  EXPECT_FALSE(ledger.TryConsume("plan", "key", quota, At(2024, 5, 20)));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(ledger.TryConsume("plan", "key", quota, At(2024, 6, 1)));
  EXPECT_FALSE(ledger.TryConsume("plan", "key", quota, At(2024, 6, 30)));
}

class QuotaLedgerFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("quota-ledger-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(QuotaLedgerFileTest, CountsSurviveAReopen) {
  const auto journal = dir_ / "gateway" / "quotas.journal";
  const QuotaLimits quota{.limit = 3, .period = QuotaPeriod::kDay};
  {
    auto ledger = QuotaLedger::Open(journal);
    ASSERT_TRUE(ledger) << ledger.error();
    EXPECT_TRUE((*ledger)->TryConsume("plan", "key", quota, At(2024, 5, 15)));
    EXPECT_TRUE((*ledger)->TryConsume("plan", "key", quota, At(2024, 5, 15)));
  }
  {
    auto ledger = QuotaLedger::Open(journal);
    ASSERT_TRUE(ledger) << ledger.error();
    EXPECT_EQ((*ledger)->Used("plan", "key", quota, At(2024, 5, 15)), 2);
    EXPECT_TRUE((*ledger)->TryConsume("plan", "key", quota, At(2024, 5, 15)));
    EXPECT_FALSE((*ledger)->TryConsume("plan", "key", quota, At(2024, 5, 15)));
  }
  // A crash mid-line leaves a torn last line: it is skipped, the rest is kept.
  std::ofstream(journal, std::ios::app) << "plan\tkey\t1985";
  auto ledger = QuotaLedger::Open(journal);
  ASSERT_TRUE(ledger) << ledger.error();
  EXPECT_EQ((*ledger)->Used("plan", "key", quota, At(2024, 5, 15)), 3);
}

TEST_F(QuotaLedgerFileTest, AnUnwritableJournalIsAnErrorNamingIt) {
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ / "file") << "x";
  auto ledger = QuotaLedger::Open(dir_ / "file" / "quotas.journal");
  ASSERT_FALSE(ledger);
  EXPECT_NE(ledger.error().find("quotas.journal"), std::string::npos) << ledger.error();
}

}  // namespace
}  // namespace nimbus::gateway
