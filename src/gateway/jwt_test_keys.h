// Fresh RSA and P-256 private keys as PEM, for tests that sign tokens.
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <string>

namespace nimbus::gateway::jwt::testing {

inline std::string PemOf(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(length));
  BIO_free(bio);
  EVP_PKEY_free(key);
  return pem;
}

inline std::string NewRsaPem() { return PemOf(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", 2048)); }
inline std::string NewP256Pem() {
  return PemOf(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
}

}  // namespace nimbus::gateway::jwt::testing
