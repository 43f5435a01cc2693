#include "gateway/router.h"

#include <gtest/gtest.h>

namespace nimbus::gateway {
namespace {

Api MakeApi(std::initializer_list<std::pair<std::string, std::vector<std::string>>> routes) {
  Api api;
  for (const auto& [path, methods] : routes) {
    Resource r{.path = path};
    for (const auto& m : methods) r.methods.emplace(m, Method{.http_method = m});
    api.resources.push_back(std::move(r));
  }
  return api;
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest()
      : api_(MakeApi({{"/", {"GET"}},
                      {"/people", {"GET", "POST"}},
                      {"/people/{id}", {"GET", "ANY"}},
                      {"/people/me", {"GET"}},
                      {"/people/{id}/friends/{friend}", {"GET"}},
                      {"/files/{path+}", {"GET"}},
                      {"/files/special", {"PUT"}},
                      {"/{proxy+}", {"ANY"}}})),
        router_(std::move(*Router::Build(api_))) {}

  // "resource METHOD k=v k=v" or "none".
  std::string Route(std::string_view method, std::string_view path) {
    auto m = router_.Match(method, path);
    if (!m) return "none";
    std::string out = m->resource->path + " " + (m->method ? m->method->http_method : "-");
    for (const auto& [k, v] : m->path_parameters) out += " " + k + "=" + v;
    return out;
  }

  Api api_;
  Router router_;
};

TEST_F(RouterTest, Root) { EXPECT_EQ(Route("GET", "/"), "/ GET"); }

TEST_F(RouterTest, LiteralBeatsParameter) {
  EXPECT_EQ(Route("GET", "/people/me"), "/people/me GET");
  EXPECT_EQ(Route("GET", "/people/42"), "/people/{id} GET id=42");
}

TEST_F(RouterTest, MethodThenAny) {
  EXPECT_EQ(Route("DELETE", "/people/42"), "/people/{id} ANY id=42");
  // The resource matched; it has no DELETE and no ANY: no fallback to another resource.
  EXPECT_EQ(Route("DELETE", "/people"), "/people -");
  EXPECT_EQ(Route("POST", "/people/me"), "/people/me -");
}

TEST_F(RouterTest, ParameterBeatsGreedyAndBacktracks) {
  EXPECT_EQ(Route("GET", "/people/1/friends/2"), "/people/{id}/friends/{friend} GET id=1 friend=2");
  // /people/{id}/x has no resource: the greedy root catches it.
  EXPECT_EQ(Route("GET", "/people/1/x"), "/{proxy+} ANY proxy=people/1/x");
}

TEST_F(RouterTest, GreedyTakesTheRest) {
  EXPECT_EQ(Route("GET", "/files/a/b/c.txt"), "/files/{path+} GET path=a/b/c.txt");
  EXPECT_EQ(Route("PUT", "/files/special"), "/files/special PUT");
  EXPECT_EQ(Route("GET", "/files/special"), "/files/special -");
  // A greedy parameter needs at least one segment.
  EXPECT_EQ(Route("GET", "/files"), "/{proxy+} ANY proxy=files");
}

TEST_F(RouterTest, TrailingSlashAndEncoding) {
  EXPECT_EQ(Route("GET", "/people/"), "/people GET");
  EXPECT_EQ(Route("GET", "/people/a%20b"), "/people/{id} GET id=a%20b");
}

TEST(RouterNoGreedyTest, NoResourceMatches) {
  Api api = MakeApi({{"/people", {"GET"}}});
  auto router = Router::Build(api);
  ASSERT_TRUE(router.has_value());
  EXPECT_FALSE(router->Match("GET", "/").has_value());
  EXPECT_FALSE(router->Match("GET", "/people/1").has_value());
  EXPECT_FALSE(router->Match("GET", "/People").has_value());
}

TEST(RouterBuildTest, RejectsConflictsAndDuplicates) {
  Api siblings = MakeApi({{"/a/{x}", {"GET"}}, {"/a/{y}/b", {"GET"}}});
  EXPECT_FALSE(Router::Build(siblings).has_value());
  Api duplicate = MakeApi({{"/a", {"GET"}}, {"/a", {"POST"}}});
  EXPECT_EQ(Router::Build(duplicate).error(), "/a: duplicate resource");
}

}  // namespace
}  // namespace nimbus::gateway
