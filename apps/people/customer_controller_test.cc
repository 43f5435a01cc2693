#include "people/customer_controller.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <sstream>

#include "people/customer_routes.h"
#include "people/in_memory_customer_repository.h"
#include "people/test_support.h"

namespace nimbus::people {
namespace {

using sdk::apigw::ProxyRequest;
using sdk::apigw::ProxyResponse;
using testing::MakeRequest;

constexpr char kId1[] = "CUST-00000000-0000-4000-8000-000000000001";

boost::json::value Body(const ProxyResponse& response) { return boost::json::parse(response.body); }

class CustomerControllerTest : public ::testing::Test {
 protected:
  CustomerControllerTest() { AddCustomerRoutes(router_, controller_); }

  ProxyResponse Send(std::string method, std::string path, std::optional<std::string> body = {},
                     std::map<std::string, std::string> headers = {},
                     std::map<std::string, std::string> query = {}) {
    ProxyRequest request = MakeRequest(std::move(method), "", std::move(path), std::move(body));
    for (auto& [name, value] : headers) request.headers[name] = value;
    for (auto& [name, value] : query) request.query_string_parameters[name] = value;
    return router_.Dispatch(request);
  }

  InMemoryCustomerRepository repository_;
  testing::FakeClock clock_;
  testing::SequentialIds ids_;
  CustomerService service_{repository_, clock_, ids_};
  std::ostringstream log_;
  CustomerController controller_{service_, log_};
  sdk::Router router_;
};

void ExpectProblem(const ProxyResponse& response, int status, std::string_view type) {
  EXPECT_EQ(response.status_code, status) << response.body;
  EXPECT_EQ(response.headers.at("Content-Type"), "application/problem+json");
  EXPECT_EQ(Body(response).at("type").as_string(), type);
  EXPECT_EQ(Body(response).at("status"), status);
}

TEST_F(CustomerControllerTest, PostRegistersWith201LocationAndETag) {
  const ProxyResponse created =
      Send("POST", "/customers", R"({"name":"Ada","email":"ada@example.com"})");
  EXPECT_EQ(created.status_code, 201) << created.body;
  EXPECT_EQ(created.headers.at("Location"), std::string("/customers/") + kId1);
  EXPECT_EQ(created.headers.at("ETag"), "\"1\"");
  EXPECT_EQ(Body(created),
            boost::json::parse(R"({"customerId":"CUST-00000000-0000-4000-8000-000000000001",
      "name":"Ada","email":"ada@example.com","status":"ACTIVE",
      "createdDate":"2024-05-01T12:34:56.000Z","updatedDate":"2024-05-01T12:34:56.000Z",
      "version":1})"));
  const ProxyResponse found = Send("GET", std::string("/customers/") + kId1);
  EXPECT_EQ(found.status_code, 200);
  EXPECT_EQ(found.body, created.body);
  EXPECT_EQ(found.headers.at("ETag"), "\"1\"");
}

TEST_F(CustomerControllerTest, ErrorsAreProblemsWithStableTypes) {
  ExpectProblem(Send("POST", "/customers", R"({"name":"Ada","email":"x","status":"GONE"})"), 400,
                "urn:nimbus:problem:validation-error");
  ExpectProblem(Send("POST", "/customers", "[]"), 400, "urn:nimbus:problem:malformed-body");
  Send("POST", "/customers", R"({"name":"Ada","email":"ada@example.com"})");
  ExpectProblem(Send("POST", "/customers", R"({"name":"B","email":"Ada@Example.com"})"), 409,
                "urn:nimbus:problem:email-already-in-use");
  ExpectProblem(Send("GET", "/customers/CUST-nope"), 404, "urn:nimbus:problem:not-found");
  ExpectProblem(Send("GET", "/customers", std::nullopt, {}, {{"status", "active"}}), 400,
                "urn:nimbus:problem:validation-error");
  ExpectProblem(Send("GET", "/customers", std::nullopt, {}, {{"nextToken", "x"}}), 400,
                "urn:nimbus:problem:validation-error");
}

TEST_F(CustomerControllerTest, PutAndDeleteCheckIfMatch) {
  Send("POST", "/customers", R"({"name":"Ada","email":"ada@example.com"})");
  const std::string path = std::string("/customers/") + kId1;
  const std::string body = R"({"name":"Ada","email":"ada@example.com","status":"SUSPENDED"})";
  ExpectProblem(Send("PUT", path, body, {{"If-Match", "\"2\""}}), 412,
                "urn:nimbus:problem:precondition-failed");
  const ProxyResponse replaced = Send("PUT", path, body, {{"If-Match", "\"1\""}});
  EXPECT_EQ(replaced.status_code, 200) << replaced.body;
  EXPECT_EQ(replaced.headers.at("ETag"), "\"2\"");
  EXPECT_EQ(Body(replaced).at("status"), "SUSPENDED");
  ExpectProblem(Send("DELETE", path, std::nullopt, {{"If-Match", "\"1\""}}), 412,
                "urn:nimbus:problem:precondition-failed");
  EXPECT_EQ(Send("DELETE", path, std::nullopt, {{"If-Match", "\"2\""}}).status_code, 204);
  ExpectProblem(Send("DELETE", path), 404, "urn:nimbus:problem:not-found");
}

TEST_F(CustomerControllerTest, IdempotencyKeyReplaysAndRefusesADifferentBody) {
  const std::string body = R"({"name":"Ada","email":"ada@example.com"})";
  const ProxyResponse first = Send("POST", "/customers", body, {{"Idempotency-Key", "abc"}});
  const ProxyResponse again = Send("POST", "/customers", body, {{"Idempotency-Key", "abc"}});
  EXPECT_EQ(again.status_code, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.headers.at("Idempotent-Replayed"), "true");
  EXPECT_EQ(repository_.customers().size(), 1u);
  ExpectProblem(Send("POST", "/customers", R"({"name":"Bob","email":"bob@example.com"})",
                     {{"Idempotency-Key", "abc"}}),
                422, "urn:nimbus:problem:idempotency-key-reused");
}

TEST_F(CustomerControllerTest, IdempotencyKeysAreScopedToTheCaller) {
  const std::string body = R"({"name":"Ada","email":"ada@example.com"})";
  ProxyRequest request = MakeRequest("POST", "/customers", "/customers", body);
  request.headers["Idempotency-Key"] = "abc";
  request.request_context.authorizer = {{"principalId", "alice"}};
  EXPECT_EQ(controller_.Create(request).status_code, 201);
  request.request_context.authorizer = {{"principalId", "bob"}};
  // Bob's key is his own: not a replay of Alice's request (and her email is taken).
  ExpectProblem(controller_.Create(request), 409, "urn:nimbus:problem:email-already-in-use");
}

TEST_F(CustomerControllerTest, ListFiltersByStatusAndPages) {
  int n = 0;
  for (const char* status : {"ACTIVE", "SUSPENDED", "ACTIVE"}) {
    Send("POST", "/customers",
         R"({"name":"C","email":"c)" + std::to_string(++n) + R"(@example.com","status":")" +
             status + R"("})");
  }
  const ProxyResponse active =
      Send("GET", "/customers", std::nullopt, {}, {{"status", "ACTIVE"}, {"limit", "1"}});
  EXPECT_EQ(active.status_code, 200) << active.body;
  EXPECT_EQ(Body(active).at("items").as_array().size(), 1u);
  const std::string token(Body(active).at("nextToken").as_string());
  const ProxyResponse rest =
      Send("GET", "/customers", std::nullopt, {}, {{"status", "ACTIVE"}, {"nextToken", token}});
  EXPECT_EQ(Body(rest).at("items").as_array().size(), 1u);
  EXPECT_FALSE(Body(rest).as_object().contains("nextToken"));
  EXPECT_EQ(Body(Send("GET", "/customers")).at("items").as_array().size(), 3u);
}

}  // namespace
}  // namespace nimbus::people
