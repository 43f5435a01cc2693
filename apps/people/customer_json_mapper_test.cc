#include "people/customer_json_mapper.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace nimbus::people {
namespace {

boost::json::object Parse(std::string_view json) { return boost::json::parse(json).as_object(); }

const Customer kAda{"CUST-1",
                    "Ada",
                    "ada@example.com",
                    CustomerStatus::kSuspended,
                    "2024-05-01T12:34:56.000Z",
                    "2024-05-02T00:00:00.000Z",
                    2};

TEST(CustomerJsonMapperTest, CustomerToJsonUsesTheApiFieldNames) {
  EXPECT_EQ(CustomerToJson(kAda), Parse(R"({"customerId":"CUST-1","name":"Ada",
      "email":"ada@example.com","status":"SUSPENDED","createdDate":"2024-05-01T12:34:56.000Z",
      "updatedDate":"2024-05-02T00:00:00.000Z","version":2})"));
}

TEST(CustomerJsonMapperTest, ReadsNameEmailAndOptionalStatus) {
  auto input = CustomerInputFromJson(Parse(R"({"name":"Ada","email":"a@b.co"})"));
  ASSERT_TRUE(input.has_value());
  EXPECT_EQ(*input, (CustomerInput{"Ada", "a@b.co", std::nullopt}));
  input = CustomerInputFromJson(Parse(R"({"name":"Ada","email":"a@b.co","status":"INACTIVE"})"));
  ASSERT_TRUE(input.has_value());
  EXPECT_EQ(input->status, CustomerStatus::kInactive);
}

TEST(CustomerJsonMapperTest, NamesEveryStructuralProblem) {
  auto input = CustomerInputFromJson(
      Parse(R"({"name":1,"status":"active","customerId":"x","createdDate":"y","vip":true})"));
  ASSERT_FALSE(input.has_value());
  EXPECT_EQ(input.error(), (FieldErrors{{"name", "must be a string"},
                                        {"email", "is required"},
                                        {"status", "must be one of ACTIVE, INACTIVE, SUSPENDED"},
                                        {"customerId", "is set by the server"},
                                        {"createdDate", "is set by the server"},
                                        {"vip", "is not a recognized field"}}));
}

TEST(CustomerJsonMapperTest, EventCarriesTypeCustomerAndTime) {
  const CustomerEvent event{"e-1", CustomerEventType::kRegistered, kAda,
                            "2024-05-01T12:34:56.000Z"};
  EXPECT_EQ(boost::json::parse(CustomerEventToJson(event)),
            boost::json::parse(R"({"eventId":"e-1","eventType":"CustomerRegistered",
      "customer":{"customerId":"CUST-1","name":"Ada","email":"ada@example.com",
                  "status":"SUSPENDED","createdDate":"2024-05-01T12:34:56.000Z",
                  "updatedDate":"2024-05-02T00:00:00.000Z","version":2},
      "occurredAt":"2024-05-01T12:34:56.000Z"})"));
  EXPECT_EQ(ToString(CustomerEventType::kUpdated), "CustomerUpdated");
  EXPECT_EQ(ToString(CustomerEventType::kDeleted), "CustomerDeleted");
}

}  // namespace
}  // namespace nimbus::people
