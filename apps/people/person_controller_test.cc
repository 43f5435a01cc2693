#include "people/person_controller.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <functional>
#include <map>
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

std::string PersonJson(int n) {
  return R"({"name":"P)" + std::to_string(n) + R"(","email":"p)" + std::to_string(n) +
         R"(@example.com"})";
}

class PersonControllerTest : public ::testing::Test {
 protected:
  ProxyResponse Post(std::string body, std::map<std::string, std::string> headers = {}) {
    ProxyRequest request = MakeRequest("POST", "/people", "/people", std::move(body));
    for (auto& [name, value] : headers) request.headers[name] = value;
    return controller_.Create(request);
  }
  ProxyResponse Get(const std::string& id) {
    return controller_.Get(MakeRequest("GET", "/people/{personId}", "/people/" + id));
  }
  ProxyResponse Put(const std::string& id, std::string body,
                    std::optional<std::string> if_match = std::nullopt) {
    ProxyRequest request =
        MakeRequest("PUT", "/people/{personId}", "/people/" + id, std::move(body));
    if (if_match) request.headers["If-Match"] = *if_match;
    return controller_.Replace(request);
  }
  ProxyResponse Delete(const std::string& id, std::optional<std::string> if_match = std::nullopt) {
    ProxyRequest request = MakeRequest("DELETE", "/people/{personId}", "/people/" + id);
    if (if_match) request.headers["If-Match"] = *if_match;
    return controller_.Remove(request);
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

// An RFC 9457 problem of `type` with this status, naming the request path.
void ExpectProblem(const ProxyResponse& response, int status, std::string_view type) {
  EXPECT_EQ(response.status_code, status) << response.body;
  EXPECT_EQ(response.headers.at("Content-Type"), "application/problem+json");
  const boost::json::value body = Body(response);
  EXPECT_EQ(body.at("type").as_string(), type);
  EXPECT_EQ(body.at("status"), status);
  EXPECT_TRUE(body.at("title").is_string());
  EXPECT_TRUE(body.at("detail").is_string());
  EXPECT_TRUE(body.at("instance").as_string().starts_with("/people"));
}

TEST_F(PersonControllerTest, PostCreatesWith201LocationAndETag) {
  const ProxyResponse response = Post(kAdaJson);
  ExpectJson(response, 201);
  EXPECT_EQ(response.headers.at("Location"), std::string("/people/") + kId1);
  EXPECT_EQ(response.headers.at("ETag"), "\"1\"");
  EXPECT_EQ(Body(response),
            boost::json::parse(R"({"personId":"00000000-0000-4000-8000-000000000001",
      "name":"Ada","email":"ada@example.com","phone":"+44 1",
      "createdAt":"2024-05-01T12:34:56.000Z","updatedAt":"2024-05-01T12:34:56.000Z",
      "version":1})"));
}

TEST_F(PersonControllerTest, PostAcceptsABase64EncodedBody) {
  ProxyRequest request =
      MakeRequest("POST", "/people", "/people", "eyJuYW1lIjoiQWRhIiwiZW1haWwiOiJhQGIuY28ifQ==");
  request.is_base64_encoded = true;  // {"name":"Ada","email":"a@b.co"}
  ExpectJson(controller_.Create(request), 201);
}

TEST_F(PersonControllerTest, PostRejectsMalformedJson) {
  const ProxyResponse response = Post(R"({"name":"Ada",)");
  ExpectProblem(response, 400, "urn:nimbus:problem:malformed-body");
  EXPECT_EQ(Body(response).at("detail"), "The body is not valid JSON");
  EXPECT_TRUE(repository_.people().empty());
}

TEST_F(PersonControllerTest, PostRejectsBodiesThatAreNotObjects) {
  for (const char* body : {"[]", "\"Ada\"", "42", "null"}) {
    ExpectProblem(Post(body), 400, "urn:nimbus:problem:malformed-body");
  }
  ExpectProblem(controller_.Create(MakeRequest("POST", "/people", "/people")), 400,
                "urn:nimbus:problem:malformed-body");
}

TEST_F(PersonControllerTest, PostNamesTheBadEmail) {
  const ProxyResponse response = Post(R"({"name":"Ada","email":"ada at example"})");
  ExpectProblem(response, 400, "urn:nimbus:problem:validation-error");
  EXPECT_EQ(Body(response).at("errors"), boost::json::parse(R"(
      [{"field":"email","message":"must be a valid email address"}])"));
}

TEST_F(PersonControllerTest, PostNamesMissingWrongTypedAndUnknownFields) {
  const ProxyResponse response = Post(R"({"name":7,"nickname":"A","version":3})");
  ExpectProblem(response, 400, "urn:nimbus:problem:validation-error");
  EXPECT_EQ(Body(response).at("errors"), boost::json::parse(R"([
      {"field":"name","message":"must be a string"},
      {"field":"email","message":"is required"},
      {"field":"nickname","message":"is not a recognized field"},
      {"field":"version","message":"is set by the server"}])"));
}

TEST_F(PersonControllerTest, PostWithATakenEmailIs409AndStoresNothing) {
  Post(kAdaJson);
  const ProxyResponse response = Post(R"({"name":"Other","email":"ADA@example.com"})");
  ExpectProblem(response, 409, "urn:nimbus:problem:email-already-in-use");
  EXPECT_EQ(repository_.people().size(), 1u);
}

TEST_F(PersonControllerTest, PostWithTheSameIdempotencyKeyReplaysTheFirstResponse) {
  const ProxyResponse first = Post(kAdaJson, {{"Idempotency-Key", "k-1"}});
  ExpectJson(first, 201);
  const ProxyResponse again = Post(kAdaJson, {{"idempotency-key", "k-1"}});
  ExpectJson(again, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.headers.at("Location"), first.headers.at("Location"));
  EXPECT_EQ(again.headers.at("ETag"), first.headers.at("ETag"));
  EXPECT_EQ(again.headers.at("Idempotent-Replayed"), "true");
  EXPECT_EQ(repository_.people().size(), 1u);

  ExpectProblem(Post(PersonJson(2), {{"Idempotency-Key", "k-1"}}), 422,
                "urn:nimbus:problem:idempotency-key-reused");
  ExpectProblem(Post(kAdaJson, {{"Idempotency-Key", std::string(256, 'k')}}), 400,
                "urn:nimbus:problem:validation-error");
  ExpectProblem(Post(kAdaJson, {{"Idempotency-Key", "has space"}}), 400,
                "urn:nimbus:problem:validation-error");
}

TEST_F(PersonControllerTest, GetReturnsThePersonWithETagOr404) {
  Post(kAdaJson);
  const ProxyResponse found = Get(kId1);
  ExpectJson(found, 200);
  EXPECT_EQ(Body(found).at("name"), "Ada");
  EXPECT_EQ(found.headers.at("ETag"), "\"1\"");
  const ProxyResponse missing = Get("00000000-0000-4000-8000-000000000099");
  ExpectProblem(missing, 404, "urn:nimbus:problem:not-found");
  ExpectProblem(Get("EMAIL#ada@example.com"), 404, "urn:nimbus:problem:not-found");
}

TEST_F(PersonControllerTest, ListReturnsItems) {
  const ProxyResponse empty = List({});
  ExpectJson(empty, 200);
  EXPECT_EQ(Body(empty), boost::json::parse(R"({"items":[]})"));
  Post(PersonJson(1));
  Post(PersonJson(2));
  const ProxyResponse both = List({});
  EXPECT_EQ(Body(both).at("items").as_array().size(), 2u);
  EXPECT_FALSE(Body(both).as_object().contains("nextToken"));
}

TEST_F(PersonControllerTest, ListPagesWithLimitAndNextToken) {
  for (int i = 0; i < 3; ++i) Post(PersonJson(i));
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
    ExpectProblem(response, 400, "urn:nimbus:problem:validation-error");
    EXPECT_EQ(Body(response).at("errors"), boost::json::parse(R"(
        [{"field":"limit","message":"must be an integer between 1 and 100"}])"))
        << limit;
  }
}

TEST_F(PersonControllerTest, ListRejectsBadTokens) {
  const ProxyResponse response = List({{"nextToken", "garbage"}});
  ExpectProblem(response, 400, "urn:nimbus:problem:validation-error");
  EXPECT_EQ(Body(response).at("errors").as_array()[0].at("field"), "nextToken");
}

TEST_F(PersonControllerTest, PutReplacesOr404sWithoutCreating) {
  Post(kAdaJson);
  clock_.Advance(std::chrono::seconds(1));
  const ProxyResponse replaced = Put(kId1, R"({"name":"Ada King","email":"ada@king.org"})");
  ExpectJson(replaced, 200);
  EXPECT_EQ(replaced.headers.at("ETag"), "\"2\"");
  EXPECT_EQ(Body(replaced),
            boost::json::parse(R"({"personId":"00000000-0000-4000-8000-000000000001",
      "name":"Ada King","email":"ada@king.org",
      "createdAt":"2024-05-01T12:34:56.000Z","updatedAt":"2024-05-01T12:34:57.000Z",
      "version":2})"));

  const std::string other = "00000000-0000-4000-8000-000000000077";
  ExpectProblem(Put(other, kAdaJson), 404, "urn:nimbus:problem:not-found");
  EXPECT_FALSE(repository_.people().contains(other));
}

TEST_F(PersonControllerTest, PutAndDeleteHonourIfMatch) {
  Post(kAdaJson);
  ExpectProblem(Put(kId1, PersonJson(2), "\"7\""), 412, "urn:nimbus:problem:precondition-failed");
  ExpectProblem(Put(kId1, PersonJson(2), "W/\"1\""), 412, "urn:nimbus:problem:precondition-failed");
  ExpectProblem(Put(kId1, PersonJson(2), "1"), 400, "urn:nimbus:problem:validation-error");
  ExpectJson(Put(kId1, PersonJson(2), "\"1\""), 200);
  ExpectJson(Put(kId1, PersonJson(3), "*"), 200);
  ExpectProblem(Delete(kId1, "\"2\""), 412, "urn:nimbus:problem:precondition-failed");
  EXPECT_EQ(Body(Get(kId1)).at("version"), 3);
  ExpectJson(Delete(kId1, "\"9\", \"3\""), 204);
}

TEST_F(PersonControllerTest, PutToATakenEmailIs409) {
  Post(kAdaJson);
  Post(PersonJson(2));
  ExpectProblem(Put(kId1, R"({"name":"Ada","email":"P2@example.com"})"), 409,
                "urn:nimbus:problem:email-already-in-use");
  EXPECT_EQ(Body(Get(kId1)).at("email"), "ada@example.com");
}

TEST_F(PersonControllerTest, PutValidatesTheBody) {
  Post(kAdaJson);
  ExpectProblem(Put(kId1, "not json"), 400, "urn:nimbus:problem:malformed-body");
  ExpectProblem(Put(kId1, R"({"name":"","email":"ada@example.com"})"), 400,
                "urn:nimbus:problem:validation-error");
  ExpectProblem(Put(kId1, R"({"name":"A","email":"a@b.co","personId":"other"})"), 400,
                "urn:nimbus:problem:validation-error");
  EXPECT_EQ(Body(Get(kId1)).at("name"), "Ada");
}

TEST_F(PersonControllerTest, DeleteReturns204ThenMakesThePersonGoneAndFreesTheEmail) {
  Post(kAdaJson);
  const ProxyResponse deleted = Delete(kId1);
  EXPECT_EQ(deleted.status_code, 204);
  EXPECT_TRUE(deleted.body.empty());
  ExpectProblem(Get(kId1), 404, "urn:nimbus:problem:not-found");
  ExpectProblem(Delete(kId1), 404, "urn:nimbus:problem:not-found");
  ExpectJson(Post(kAdaJson), 201);
}

TEST_F(PersonControllerTest, StoreFailuresAre500WithTheDetailOnlyInTheLog) {
  const std::string detail = "GetItem on table people-prod failed: HTTP 400 ValidationException";
  repository_.FailNextCall(detail);
  const ProxyResponse response = Get(kId1);
  ExpectProblem(response, 500, "urn:nimbus:problem:internal-error");
  EXPECT_EQ(response.body.find("people-prod"), std::string::npos);
  EXPECT_NE(log_.str().find(detail), std::string::npos);
  EXPECT_NE(log_.str().find("c6af9ac6-7b61-11e6-9a41-93e8deadbeef"), std::string::npos);

  const std::vector<std::function<ProxyResponse()>> calls = {
      [&] { return Post(kAdaJson); }, [&] { return List({}); }, [&] { return Put(kId1, kAdaJson); },
      [&] { return Delete(kId1); }};
  for (const auto& call : calls) {
    repository_.FailNextCall(detail);
    const ProxyResponse failed = call();
    EXPECT_EQ(failed.status_code, 500);
    EXPECT_EQ(failed.body.find("people-prod"), std::string::npos);
  }
}

}  // namespace
}  // namespace nimbus::people
