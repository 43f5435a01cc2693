#include "dynamodb/transact_token.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <optional>
#include <vector>

#include "dynamodb/key_codec.h"
#include "dynamodb/limits.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

// FNV-1a, 64 bit: stable across builds and restarts, unlike std::hash.
class Fnv1a {
 public:
  void Add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash_ ^= c;
      hash_ *= 0x100000001b3ULL;
    }
  }
  // Length-prefixed, so that ("ab","c") and ("a","bc") differ.
  void AddField(std::string_view bytes) {
    Add(std::to_string(bytes.size()));
    Add(":");
    Add(bytes);
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

void Digest(const json::value& v, Fnv1a& h) {
  switch (v.kind()) {
    case json::kind::object: {
      const json::object& o = v.get_object();
      std::vector<std::string_view> keys;
      for (const auto& member : o) keys.push_back(member.key());
      std::sort(keys.begin(), keys.end());
      h.Add("{");
      for (std::string_view k : keys) {
        h.AddField(k);
        Digest(o.at(k), h);
      }
      h.Add("}");
      break;
    }
    case json::kind::array:
      h.Add("[");
      for (const json::value& e : v.get_array()) Digest(e, h);
      h.Add("]");
      break;
    case json::kind::string:
      h.Add("s");
      h.AddField(v.get_string());
      break;
    default:
      h.Add("v");
      h.AddField(json::serialize(v));
      break;
  }
}

// Completion time of a stored record; nullopt when the record is malformed.
std::optional<double> CompletedAt(std::string_view bytes) {
  boost::system::error_code ec;
  json::value record = json::parse(bytes, ec);
  const json::object* o = ec ? nullptr : record.if_object();
  const json::value* at = o ? o->if_contains("at") : nullptr;
  if (at == nullptr || !at->is_number()) return std::nullopt;
  return at->to_number<double>();
}

}  // namespace

std::string ClientTokenKey(std::string_view token) {
  std::string key(1, kClientTokenSpace);
  key.append(token);
  return key;
}

std::string RequestFingerprint(const json::value& v) {
  Fnv1a h;
  Digest(v, h);
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(h.value()));
  return hex;
}

Result<TokenState> CheckClientToken(OperationContext& ctx, std::string_view token,
                                    std::string_view fingerprint) {
  auto bytes = ctx.storage.Get(ClientTokenKey(token));
  if (!bytes) return Fail(bytes.error());
  if (!*bytes) return TokenState::kFresh;
  boost::system::error_code ec;
  json::value record = json::parse(**bytes, ec);
  const json::object* o = ec ? nullptr : record.if_object();
  const json::value* at = o ? o->if_contains("at") : nullptr;
  const json::value* fp = o ? o->if_contains("fp") : nullptr;
  if (at == nullptr || !at->is_number() || fp == nullptr || !fp->is_string()) {
    return Fail(InternalServerError());
  }
  if (ctx.now() - at->to_number<double>() >= limits::kIdempotencyWindowSeconds) {
    return TokenState::kFresh;  // its window has passed: the token is new again
  }
  return fp->get_string() == fingerprint ? TokenState::kReplay : TokenState::kMismatch;
}

std::string EncodeTokenRecord(std::string_view fingerprint, double now) {
  return json::serialize(json::object{{"at", now}, {"fp", fingerprint}});
}

Result<void> PurgeExpiredTokens(OperationContext& ctx, std::string_view token,
                                std::size_t max_visits) {
  const std::string space_begin(1, kClientTokenSpace);
  const std::string space_end = PrefixSuccessor(space_begin);
  const std::string start = ClientTokenKey(token);
  std::vector<std::string> expired;
  std::size_t visited = 0;
  for (auto [from, to] : {std::pair{start, space_end}, std::pair{space_begin, start}}) {
    for (Storage::Range r = ctx.storage.Scan(from, to); r.Valid() && visited < max_visits;
         r.Next(), ++visited) {
      auto at = CompletedAt(r.value());
      if (!at || ctx.now() - *at >= limits::kIdempotencyWindowSeconds) {
        expired.emplace_back(r.key());
      }
    }
  }
  for (const std::string& key : expired) {
    // Re-read under the token's lock: a transaction may have reused the token meanwhile.
    std::lock_guard lock(ctx.storage.KeyMutex(key));
    auto bytes = ctx.storage.Get(key);
    if (!bytes) return Fail(bytes.error());
    if (!*bytes) continue;
    auto at = CompletedAt(**bytes);
    if (at && ctx.now() - *at < limits::kIdempotencyWindowSeconds) continue;
    if (auto ok = ctx.storage.Delete(key); !ok) return Fail(ok.error());
  }
  return {};
}

}  // namespace nimbus::dynamodb
