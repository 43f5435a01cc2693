#include "people/person_controller.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <functional>
#include <sstream>
#include <vector>

#include "people/in_memory_person_repository.h"
#include "people/test_support.h"

namespace nimbus::people {
namespace {

using sdk::apigw::ProxyRequest;
using sdk::apigw::ProxyResponse;
using testing::MakeRequest;

constexpr char kId1[] = "00000000-0000-4000-8000-000000000001";
constexpr char kAdaJson[] = R"({"name":"Ada","email":"ada@example.com","phone":"+44 1"})";

boost::json::value Body(const ProxyResponse& response) { return boost::json::parse(response.body); }

class PersonControllerTest : public ::testing::Test {
 protected:
  ProxyResponse Post(std::string body) {
    return controller_.Create(MakeRequest("POST", "/people", "/people", std::move(body)));
  }
  ProxyResponse Get(const std::string& id) {
    return controller_.Get(MakeRequest("GET", "/people/{personId}", "/people/" + id));
  }
  ProxyResponse Put(const std::string& id, std::string body) {
    return controller_.Replace(
        MakeRequest("PUT", "/people/{personId}", "/people/" + id, std::move(body)));
  }
  ProxyResponse Delete(const std::string& id) {
    return controller_.Remove(MakeRequest("DELETE", "/people/{personId}", "/people/" + id));
  }
  ProxyResponse List(std::map<std::string, std::string> query) {
    ProxyRequest request = MakeRequest("GET", "/people", "/people");
    for (const auto& [name, value] : query) {
      request.query_string_parameters[name] = value;
      request.multi_value_query_string_parameters[name] = {value};
    }
    return controller_.List(request);
  }

  InMemoryPersonRepository repository_;
  testing::FakeClock clock_;
  testing::SequentialIds ids_;
  PersonService service_{repository_, clock_, ids_};
  std::ostringstream log_;
  PersonController controller_{service_, log_};
};

void ExpectJson(const ProxyResponse& response, int status) {
  EXPECT_EQ(response.status_code, status) << response.body;
  EXPECT_EQ(response.headers.at("Content-Type"), "application/json");
}

TEST_F(PersonControllerTest, PostCreatesWith201AndLocation) {
  const ProxyResponse response = Post(kAdaJson);
  ExpectJson(response, 201);
  EXPECT_EQ(response.headers.at("Location"), std::string("/people/") + kId1);
  EXPECT_EQ(Body(response),
            boost::json::parse(R"({"personId":"00000000-0000-4000-8000-000000000001",
      "name":"Ada","email":"ada@example.com","phone":"+44 1",
      "createdAt":"2024-05-01T12:34:56.000Z","updatedAt":"2024-05-01T12:34:56.000Z"})"));
}

TEST_F(PersonControllerTest, PostAcceptsABase64EncodedBody) {
  ProxyRequest request =
      MakeRequest("POST", "/people", "/people", "eyJuYW1lIjoiQWRhIiwiZW1haWwiOiJhQGIuY28ifQ==");
  request.is_base64_encoded = true;  // {"name":"Ada","email":"a@b.co"}
  ExpectJson(controller_.Create(request), 201);
}

TEST_F(PersonControllerTest, PostRejectsMalformedJson) {
  const ProxyResponse response = Post(R"({"name":"Ada",)");
  ExpectJson(response, 400);
  EXPECT_EQ(Body(response), boost::json::parse(R"({"message":"Malformed JSON body"})"));
  EXPECT_TRUE(repository_.people().empty());
}

TEST_F(PersonControllerTest, PostRejectsBodiesThatAreNotObjects) {
  for (const char* body : {"[]", "\"Ada\"", "42", "null"}) {
    const ProxyResponse response = Post(body);
    ExpectJson(response, 400);
    EXPECT_EQ(Body(response),
              boost::json::parse(R"({"message":"Request body must be a JSON object"})"));
  }
  ExpectJson(controller_.Create(MakeRequest("POST", "/people", "/people")), 400);
}

TEST_F(PersonControllerTest, PostNamesTheBadEmail) {
  const ProxyResponse response = Post(R"({"name":"Ada","email":"ada at example"})");
  ExpectJson(response, 400);
  EXPECT_EQ(Body(response), boost::json::parse(R"({"message":"Validation failed",
      "errors":[{"field":"email","message":"must be a valid email address"}]})"));
}

TEST_F(PersonControllerTest, PostNamesMissingWrongTypedAndUnknownFields) {
  const ProxyResponse response = Post(R"({"name":7,"nickname":"A"})");
  ExpectJson(response, 400);
  EXPECT_EQ(Body(response), boost::json::parse(R"({"message":"Validation failed","errors":[
      {"field":"name","message":"must be a string"},
      {"field":"email","message":"is required"},
      {"field":"nickname","message":"is not a recognized field"}]})"));
}

TEST_F(PersonControllerTest, GetReturnsThePersonOr404) {
  Post(kAdaJson);
  const ProxyResponse found = Get(kId1);
  ExpectJson(found, 200);
  EXPECT_EQ(Body(found).at("name"), "Ada");
  const ProxyResponse missing = Get("00000000-0000-4000-8000-000000000099");
  ExpectJson(missing, 404);
  EXPECT_EQ(Body(missing), boost::json::parse(R"({"message":"Person not found"})"));
}

TEST_F(PersonControllerTest, ListReturnsItems) {
  const ProxyResponse empty = List({});
  ExpectJson(empty, 200);
  EXPECT_EQ(Body(empty), boost::json::parse(R"({"items":[]})"));
  Post(kAdaJson);
  Post(kAdaJson);
  const ProxyResponse both = List({});
  EXPECT_EQ(Body(both).at("items").as_array().size(), 2u);
  EXPECT_FALSE(Body(both).as_object().contains("nextToken"));
}

TEST_F(PersonControllerTest, ListPagesWithLimitAndNextToken) {
  for (int i = 0; i < 3; ++i) Post(kAdaJson);
  const ProxyResponse first = List({{"limit", "2"}});
  ExpectJson(first, 200);
  EXPECT_EQ(Body(first).at("items").as_array().size(), 2u);
  const std::string token(Body(first).at("nextToken").as_string());
  const ProxyResponse second = List({{"limit", "2"}, {"nextToken", token}});
  ExpectJson(second, 200);
  EXPECT_EQ(Body(second).at("items").as_array().size(), 1u);
  EXPECT_FALSE(Body(second).as_object().contains("nextToken"));
}

TEST_F(PersonControllerTest, ListRejectsBadLimits) {
  for (const char* limit : {"0", "101", "-1", "ten", "5x", "", " 5", "99999999999999999999"}) {
    const ProxyResponse response = List({{"limit", limit}});
    ExpectJson(response, 400);
    EXPECT_EQ(Body(response), boost::json::parse(R"({"message":"Validation failed",
        "errors":[{"field":"limit","message":"must be an integer between 1 and 100"}]})"))
        << limit;
  }
}

TEST_F(PersonControllerTest, ListRejectsBadTokens) {
  const ProxyResponse response = List({{"nextToken", "garbage"}});
  ExpectJson(response, 400);
  EXPECT_EQ(Body(response).at("errors").as_array()[0].at("field"), "nextToken");
}

TEST_F(PersonControllerTest, PutReplacesOr404sWithoutCreating) {
  Post(kAdaJson);
  clock_.Advance(std::chrono::seconds(1));
  const ProxyResponse replaced = Put(kId1, R"({"name":"Ada King","email":"ada@king.org"})");
  ExpectJson(replaced, 200);
  EXPECT_EQ(Body(replaced),
            boost::json::parse(R"({"personId":"00000000-0000-4000-8000-000000000001",
      "name":"Ada King","email":"ada@king.org",
      "createdAt":"2024-05-01T12:34:56.000Z","updatedAt":"2024-05-01T12:34:57.000Z"})"));

  const std::string other = "00000000-0000-4000-8000-000000000077";
  ExpectJson(Put(other, kAdaJson), 404);
  EXPECT_FALSE(repository_.people().contains(other));
}

TEST_F(PersonControllerTest, PutValidatesTheBody) {
  Post(kAdaJson);
  ExpectJson(Put(kId1, "not json"), 400);
  ExpectJson(Put(kId1, R"({"name":"","email":"ada@example.com"})"), 400);
  ExpectJson(Put(kId1, R"({"name":"A","email":"a@b.co","personId":"other"})"), 400);
  EXPECT_EQ(Body(Get(kId1)).at("name"), "Ada");
}

TEST_F(PersonControllerTest, DeleteReturns204ThenMakesThePersonGone) {
  Post(kAdaJson);
  const ProxyResponse deleted = Delete(kId1);
  ExpectJson(deleted, 204);
  EXPECT_TRUE(deleted.body.empty());
  ExpectJson(Get(kId1), 404);
  ExpectJson(Delete(kId1), 404);
}

TEST_F(PersonControllerTest, StoreFailuresAre500WithTheDetailOnlyInTheLog) {
  const std::string detail = "GetItem on table people-prod failed: HTTP 400 ValidationException";
  repository_.FailNextCall(detail);
  const ProxyResponse response = Get(kId1);
  ExpectJson(response, 500);
  EXPECT_EQ(Body(response), boost::json::parse(R"({"message":"Internal server error"})"));
  EXPECT_NE(log_.str().find(detail), std::string::npos);
  EXPECT_NE(log_.str().find("c6af9ac6-7b61-11e6-9a41-93e8deadbeef"), std::string::npos);

  const std::vector<std::function<ProxyResponse()>> calls = {
      [&] { return Post(kAdaJson); }, [&] { return List({}); }, [&] { return Put(kId1, kAdaJson); },
      [&] { return Delete(kId1); }};
  for (const auto& call : calls) {
    repository_.FailNextCall(detail);
    const ProxyResponse failed = call();
    ExpectJson(failed, 500);
    EXPECT_EQ(failed.body.find("people-prod"), std::string::npos);
  }
}

}  // namespace
}  // namespace nimbus::people
