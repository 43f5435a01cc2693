#include "gateway/jwt.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <optional>

namespace nimbus::gateway::jwt {

namespace json = boost::json;

struct PublicKey {
  EVP_PKEY* pkey = nullptr;
  ~PublicKey() { EVP_PKEY_free(pkey); }
};

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::size_t kEs256PartBytes = 32;  // r and s of a P-256 signature

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using BnPtr = std::unique_ptr<BIGNUM, decltype(&BN_free)>;

std::expected<json::object, Error> ParseObject(std::string_view part) {
  auto text = Base64UrlDecode(part);
  if (!text) return std::unexpected(text.error());
  boost::system::error_code ec;
  json::value value = json::parse(*text, ec);
  if (ec || !value.is_object()) return std::unexpected(Error::kMalformed);
  return std::move(value.as_object());
}

std::string StringField(const json::object& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || !it->value().is_string()) return {};
  return std::string(it->value().as_string());
}

std::optional<double> NumberField(const json::object& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  const json::value& v = it->value();
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  if (v.is_double()) return v.as_double();
  return std::nullopt;
}

BnPtr BignumOf(std::string_view b64url) {
  auto bytes = Base64UrlDecode(b64url);
  if (!bytes || bytes->empty()) return {nullptr, &BN_free};
  return {BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes->data()),
                    static_cast<int>(bytes->size()), nullptr),
          &BN_free};
}

PkeyPtr KeyFromParams(const char* type, OSSL_PARAM* params) {
  EVP_PKEY* pkey = nullptr;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  if (ctx != nullptr && EVP_PKEY_fromdata_init(ctx) > 0) {
    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
  }
  EVP_PKEY_CTX_free(ctx);
  return {pkey, &EVP_PKEY_free};
}

PkeyPtr RsaKey(const json::object& jwk) {
  BnPtr n = BignumOf(StringField(jwk, "n"));
  BnPtr e = BignumOf(StringField(jwk, "e"));
  if (!n || !e) return {nullptr, &EVP_PKEY_free};
  OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_N, n.get());
  OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_E, e.get());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(build);
  PkeyPtr key = KeyFromParams("RSA", params);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(build);
  return key;
}

PkeyPtr P256Key(const json::object& jwk) {
  auto x = Base64UrlDecode(StringField(jwk, "x"));
  auto y = Base64UrlDecode(StringField(jwk, "y"));
  if (StringField(jwk, "crv") != "P-256" || !x || !y || x->size() != kEs256PartBytes ||
      y->size() != kEs256PartBytes) {
    return {nullptr, &EVP_PKEY_free};
  }
  std::string point = "\x04" + *x + *y;  // uncompressed SEC1 point
  OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(build, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(build, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(build);
  PkeyPtr key = KeyFromParams("EC", params);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(build);
  return key;
}

// JWS carries ES256 signatures as r||s; OpenSSL wants DER.
std::optional<std::string> EcdsaRawToDer(std::string_view raw) {
  if (raw.size() != 2 * kEs256PartBytes) return std::nullopt;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r =
      BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), kEs256PartBytes, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + kEs256PartBytes,
                        kEs256PartBytes, nullptr);
  ECDSA_SIG_set0(sig, r, s);
  unsigned char* der = nullptr;
  int length = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (length <= 0) return std::nullopt;
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return out;
}

std::optional<std::string> EcdsaDerToRaw(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  if (sig == nullptr) return std::nullopt;
  std::string raw(2 * kEs256PartBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  bool ok = BN_bn2binpad(ECDSA_SIG_get0_r(sig), out, kEs256PartBytes) > 0 &&
            BN_bn2binpad(ECDSA_SIG_get0_s(sig), out + kEs256PartBytes, kEs256PartBytes) > 0;
  ECDSA_SIG_free(sig);
  if (!ok) return std::nullopt;
  return raw;
}

bool VerifyWithKey(EVP_PKEY* key, std::string_view alg, std::string_view input,
                   std::string_view signature) {
  std::string der;
  if (alg == "ES256") {
    auto converted = EcdsaRawToDer(signature);
    if (!converted) return false;
    der = std::move(*converted);
    signature = der;
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) > 0 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                             signature.size(), reinterpret_cast<const unsigned char*>(input.data()),
                             input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &length);
  return std::string(reinterpret_cast<char*>(out), length);
}

std::string SigningInput(std::string_view alg, std::string_view kid, const json::object& claims) {
  json::object header{{"alg", alg}, {"typ", "JWT"}};
  if (!kid.empty()) header["kid"] = kid;
  return Base64UrlEncode(json::serialize(header)) + "." + Base64UrlEncode(json::serialize(claims));
}

PkeyPtr PrivateKeyOf(std::string_view pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return {key, &EVP_PKEY_free};
}

std::string BignumParam(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) <= 0) return {};
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(bn);
  return bytes;
}

}  // namespace

std::string_view Describe(Error error) {
  switch (error) {
    case Error::kMalformed:
      return "malformed token";
    case Error::kUnsupportedAlgorithm:
      return "unsupported algorithm";
    case Error::kUnknownKey:
      return "no matching key";
    case Error::kBadSignature:
      return "bad signature";
    case Error::kExpired:
      return "token expired";
    case Error::kNotYetValid:
      return "token not yet valid";
    case Error::kMissingClaim:
      return "missing exp claim";
    case Error::kWrongIssuer:
      return "wrong issuer";
    case Error::kWrongAudience:
      return "wrong audience";
  }
  return "invalid token";
}

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

std::expected<std::string, Error> Base64UrlDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  // JWS forbids padding; tolerate it only at the very end, as many issuers emit it anyway.
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  for (char c : text) {
    auto index = kAlphabet.find(c);
    if (index == std::string_view::npos) return std::unexpected(Error::kMalformed);
    buffer = (buffer << 6) | static_cast<std::uint32_t>(index);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  if (bits >= 6) return std::unexpected(Error::kMalformed);  // a lone 6-bit group
  return out;
}

std::string Token::Algorithm() const { return StringField(header, "alg"); }
std::string Token::KeyId() const { return StringField(header, "kid"); }

std::expected<Token, Error> Decode(std::string_view compact) {
  if (compact.size() > kMaxTokenBytes) return std::unexpected(Error::kMalformed);
  auto first = compact.find('.');
  if (first == std::string_view::npos) return std::unexpected(Error::kMalformed);
  auto second = compact.find('.', first + 1);
  if (second == std::string_view::npos || compact.find('.', second + 1) != std::string_view::npos) {
    return std::unexpected(Error::kMalformed);
  }
  Token token;
  auto header = ParseObject(compact.substr(0, first));
  if (!header) return std::unexpected(header.error());
  auto claims = ParseObject(compact.substr(first + 1, second - first - 1));
  if (!claims) return std::unexpected(claims.error());
  auto signature = Base64UrlDecode(compact.substr(second + 1));
  if (!signature) return std::unexpected(signature.error());
  token.header = std::move(*header);
  token.claims = std::move(*claims);
  token.signing_input = std::string(compact.substr(0, second));
  token.signature = std::move(*signature);
  return token;
}

KeySet::KeySet() = default;
KeySet::~KeySet() = default;
KeySet::KeySet(const KeySet&) = default;
KeySet& KeySet::operator=(const KeySet&) = default;

std::expected<KeySet, std::string> KeySet::Parse(std::string_view jwks_json) {
  boost::system::error_code ec;
  json::value doc = json::parse(jwks_json, ec);
  if (ec || !doc.is_object()) return std::unexpected("a JWKS must be a JSON object");
  auto it = doc.as_object().find("keys");
  if (it == doc.as_object().end() || !it->value().is_array()) {
    return std::unexpected("a JWKS needs a \"keys\" array");
  }
  KeySet set;
  for (const auto& item : it->value().as_array()) {
    if (!item.is_object()) continue;
    const json::object& jwk = item.as_object();
    std::string use = StringField(jwk, "use");
    if (!use.empty() && use != "sig") continue;
    std::string kty = StringField(jwk, "kty");
    std::string alg = StringField(jwk, "alg");
    PkeyPtr key{nullptr, &EVP_PKEY_free};
    if (kty == "RSA" && (alg.empty() || alg == "RS256")) {
      key = RsaKey(jwk);
      alg = "RS256";
    } else if (kty == "EC" && (alg.empty() || alg == "ES256")) {
      key = P256Key(jwk);
      alg = "ES256";
    }
    if (!key) continue;
    auto holder = std::make_shared<PublicKey>();
    holder->pkey = key.release();
    set.keys_.push_back({StringField(jwk, "kid"), alg, std::move(holder)});
  }
  return set;
}

const KeySet::Entry* KeySet::Find(std::string_view kid, std::string_view alg) const {
  const Entry* only = nullptr;
  int with_alg = 0;
  for (const auto& entry : keys_) {
    if (entry.alg != alg) continue;
    if (!kid.empty() && entry.kid == kid) return &entry;
    ++with_alg;
    only = &entry;
  }
  return kid.empty() && with_alg == 1 ? only : nullptr;
}

std::expected<void, Error> Verify(const Token& token, const KeySet& keys) {
  std::string alg = token.Algorithm();
  if (alg != "RS256" && alg != "ES256") return std::unexpected(Error::kUnsupportedAlgorithm);
  const KeySet::Entry* entry = keys.Find(token.KeyId(), alg);
  if (entry == nullptr) return std::unexpected(Error::kUnknownKey);
  if (!VerifyWithKey(entry->key->pkey, alg, token.signing_input, token.signature)) {
    return std::unexpected(Error::kBadSignature);
  }
  return {};
}

std::expected<void, Error> VerifyHs256(const Token& token, std::string_view secret) {
  if (token.Algorithm() != "HS256") return std::unexpected(Error::kUnsupportedAlgorithm);
  std::string expected = HmacSha256(secret, token.signing_input);
  if (expected.size() != token.signature.size() ||
      CRYPTO_memcmp(expected.data(), token.signature.data(), expected.size()) != 0) {
    return std::unexpected(Error::kBadSignature);
  }
  return {};
}

std::expected<void, Error> CheckClaims(const Token& token, const ClaimRules& rules) {
  const double now = std::chrono::duration<double>(rules.now.time_since_epoch()).count();
  const double skew = static_cast<double>(rules.skew.count());
  auto exp = NumberField(token.claims, "exp");
  if (!exp) {
    if (token.claims.contains("exp") || rules.require_exp) {
      return std::unexpected(token.claims.contains("exp") ? Error::kMalformed
                                                          : Error::kMissingClaim);
    }
  } else if (*exp + skew <= now) {
    return std::unexpected(Error::kExpired);
  }
  for (const char* claim : {"nbf", "iat"}) {
    if (!token.claims.contains(claim)) continue;
    auto value = NumberField(token.claims, claim);
    if (!value) return std::unexpected(Error::kMalformed);
    if (*value - skew > now) return std::unexpected(Error::kNotYetValid);
  }
  if (!rules.issuer.empty() && StringField(token.claims, "iss") != rules.issuer) {
    return std::unexpected(Error::kWrongIssuer);
  }
  if (!rules.audiences.empty()) {
    std::vector<std::string> presented;
    if (auto it = token.claims.find("aud"); it != token.claims.end()) {
      if (it->value().is_string()) presented.emplace_back(it->value().as_string());
      if (it->value().is_array()) {
        for (const auto& a : it->value().as_array()) {
          if (a.is_string()) presented.emplace_back(a.as_string());
        }
      }
    }
    if (rules.accept_client_id) {
      if (std::string client = StringField(token.claims, "client_id"); !client.empty()) {
        presented.push_back(client);
      }
    }
    bool match = std::ranges::any_of(presented, [&](const std::string& a) {
      return std::ranges::find(rules.audiences, a) != rules.audiences.end();
    });
    if (!match) return std::unexpected(Error::kWrongAudience);
  }
  return {};
}

std::vector<std::string> Scopes(const Token& token) {
  std::vector<std::string> scopes;
  auto split = [&](std::string_view text) {
    std::size_t start = 0;
    while (start < text.size()) {
      auto space = text.find(' ', start);
      if (space == std::string_view::npos) space = text.size();
      if (space > start) scopes.emplace_back(text.substr(start, space - start));
      start = space + 1;
    }
  };
  if (auto it = token.claims.find("scope"); it != token.claims.end() && it->value().is_string()) {
    split(it->value().as_string());
  } else if (auto scp = token.claims.find("scp"); scp != token.claims.end()) {
    if (scp->value().is_string()) split(scp->value().as_string());
    if (scp->value().is_array()) {
      for (const auto& s : scp->value().as_array()) {
        if (s.is_string()) scopes.emplace_back(s.as_string());
      }
    }
  }
  return scopes;
}

std::string SignHs256(const json::object& claims, std::string_view secret, std::string_view kid) {
  std::string input = SigningInput("HS256", kid, claims);
  return input + "." + Base64UrlEncode(HmacSha256(secret, input));
}

std::expected<std::string, std::string> SignWithPem(std::string_view alg,
                                                    std::string_view private_key_pem,
                                                    const json::object& claims,
                                                    std::string_view kid) {
  if (alg != "RS256" && alg != "ES256") return std::unexpected("unsupported algorithm");
  PkeyPtr key = PrivateKeyOf(private_key_pem);
  if (!key) return std::unexpected("not a PEM private key");
  std::string input = SigningInput(alg, kid, claims);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::size_t length = 0;
  std::string signature;
  bool ok = EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key.get()) > 0 &&
            EVP_DigestSign(ctx, nullptr, &length,
                           reinterpret_cast<const unsigned char*>(input.data()), input.size()) > 0;
  if (ok) {
    signature.resize(length);
    ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length,
                        reinterpret_cast<const unsigned char*>(input.data()), input.size()) > 0;
    signature.resize(length);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) return std::unexpected("signing failed");
  if (alg == "ES256") {
    auto raw = EcdsaDerToRaw(signature);
    if (!raw) return std::unexpected("signing failed");
    signature = std::move(*raw);
  }
  return input + "." + Base64UrlEncode(signature);
}

std::expected<json::object, std::string> PublicJwkOf(std::string_view private_key_pem,
                                                     std::string_view kid) {
  PkeyPtr key = PrivateKeyOf(private_key_pem);
  if (!key) return std::unexpected("not a PEM private key");
  json::object jwk;
  if (EVP_PKEY_is_a(key.get(), "RSA")) {
    jwk = {{"kty", "RSA"},
           {"alg", "RS256"},
           {"n", Base64UrlEncode(BignumParam(key.get(), OSSL_PKEY_PARAM_RSA_N))},
           {"e", Base64UrlEncode(BignumParam(key.get(), OSSL_PKEY_PARAM_RSA_E))}};
  } else if (EVP_PKEY_is_a(key.get(), "EC")) {
    std::string x = BignumParam(key.get(), OSSL_PKEY_PARAM_EC_PUB_X);
    std::string y = BignumParam(key.get(), OSSL_PKEY_PARAM_EC_PUB_Y);
    x.insert(0, kEs256PartBytes - std::min(kEs256PartBytes, x.size()), '\0');
    y.insert(0, kEs256PartBytes - std::min(kEs256PartBytes, y.size()), '\0');
    jwk = {{"kty", "EC"},
           {"alg", "ES256"},
           {"crv", "P-256"},
           {"x", Base64UrlEncode(x)},
           {"y", Base64UrlEncode(y)}};
  } else {
    return std::unexpected("only RSA and P-256 keys are supported");
  }
  jwk["use"] = "sig";
  if (!kid.empty()) jwk["kid"] = kid;
  return jwk;
}

}  // namespace nimbus::gateway::jwt
