"""Lambda authorizers through the running stack, as API Gateway answers.

The People API's own authorizer (apps/authorizer, HS256) is driven with tokens minted by an
independent library (PyJWT); a stack of its own (stacks/authorizers) puts the same C++
authorizer in RS256/JWKS mode and a scripted REQUEST authorizer in front of an echo function,
so the context the integration receives, Deny, failures and the result cache are visible.
"""
import json
import os
import re
import time
import uuid

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from conftest import ARTIFACTS, STACK, TEST_STACKS, Stack

UNAUTHORIZED = {"message": "Unauthorized"}
EXPLICIT_DENY = {"Message": "User is not authorized to access this resource with an explicit "
                            "deny in an identity-based policy"}


def dev_secret():
    with open(os.path.join(STACK, "stack.yaml")) as f:
        return re.search(r"JWT_SECRET:\s*(\S+)", f.read()).group(1)


def hs256(claims=None, secret=None, **overrides):
    body = {"sub": "pyjwt-user", "exp": int(time.time()) + 600}
    body.update(claims or {})
    body.update(overrides)
    return jwt.encode(body, secret or dev_secret(), algorithm="HS256")


def post_person(stack, headers):
    email = f"g-{uuid.uuid4().hex[:12]}@example.com"  # emails are unique
    return requests.post(stack.api_url + "/people", json={"name": "Grace", "email": email},
                         headers=headers, timeout=30)


# --- the People API's authorizer ------------------------------------------------------------

def test_a_pyjwt_token_is_accepted_for_writes(stack):
    r = post_person(stack, {"Authorization": "Bearer " + hs256()})
    assert r.status_code == 201, r.text


def test_reads_stay_open(stack):
    assert requests.get(stack.api_url + "/people", timeout=30).status_code == 200


@pytest.mark.parametrize("header", [
    None,                                   # no identity source: never reaches the authorizer
    "",                                     # empty
    "Basic dXNlcjpwYXNz",                   # fails identityValidationExpression
    "Bearer " + "x" * 20,                   # not a JWT
])
def test_writes_without_a_usable_token_get_401(stack, header):
    headers = {} if header is None else {"Authorization": header}
    r = post_person(stack, headers)
    assert r.status_code == 401, r.text
    assert r.json() == UNAUTHORIZED
    assert r.headers["x-amzn-ErrorType"] == "UnauthorizedException"
    assert r.headers.get("x-amzn-RequestId")


def test_expired_and_wrongly_signed_tokens_get_401(stack):
    expired = hs256(exp=int(time.time()) - 3600)
    forged = hs256(secret="not-the-stack-secret")
    for token in (expired, forged):
        r = post_person(stack, {"Authorization": "Bearer " + token})
        assert r.status_code == 401, r.text
        assert r.json() == UNAUTHORIZED


def test_nimbus_token_prints_a_token_the_stack_accepts(stack):
    from conftest import mint_token
    token = mint_token("--subject", "cli-user", "--scope", "people:write", "--expires-in", "120")
    claims = jwt.decode(token, dev_secret(), algorithms=["HS256"])
    assert claims["sub"] == "cli-user"
    assert claims["scope"] == "people:write"
    assert 0 < claims["exp"] - time.time() <= 120
    r = post_person(stack, {"Authorization": "Bearer " + token})
    assert r.status_code == 201, r.text


# --- a stack of its own: RS256 via JWKS, and a scripted authorizer ---------------------------

OPENAPI = """
openapi: 3.0.1
info: {{title: authorizers, version: "1"}}
components:
  securitySchemes:
    jwt-authorizer:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer:
        type: token
        authorizerUri: arn:aws:lambda:${{region}}:${{account_id}}:function:authorizer
        identitySource: method.request.header.Authorization
        authorizerResultTtlInSeconds: 300
    scripted:
      type: apiKey
      name: X-Token
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer:
        type: request
        authorizerUri: arn:aws:lambda:${{region}}:${{account_id}}:function:scripted
        identitySource: method.request.header.X-Token
        authorizerResultTtlInSeconds: {ttl}
paths:
  /jwt:
    get:
      security: [{{jwt-authorizer: []}}]
      x-amazon-apigateway-integration: {{type: aws_proxy, httpMethod: POST, uri: "arn:aws:lambda:${{region}}:${{account_id}}:function:echo"}}
  /scripted/{{item}}:
    x-amazon-apigateway-any-method:
      security: [{{scripted: []}}]
      x-amazon-apigateway-integration: {{type: aws_proxy, httpMethod: POST, uri: "arn:aws:lambda:${{region}}:${{account_id}}:function:echo"}}
"""

STACK_YAML = """
name: authorizers
api: {{name: authz-api, openapi: openapi.yaml, stage: test}}
functions:
  authorizer:
    code: {artifacts}/apps/authorizer
    environment: {{JWKS_FILE: "{jwks}", JWT_ISSUER: "https://issuer.example", JWT_AUDIENCE: people-api}}
  scripted:
    code: {stacks}/scripted
    environment: {{COUNTER_FILE: "{counter}"}}
  echo:
    code: {stacks}/echo
"""


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def authz(tmp_path_factory, rsa_key):
    root = tmp_path_factory.mktemp("authz")
    jwk = json.loads(RSAAlgorithm.to_jwk(rsa_key.public_key()))
    jwk.update({"kid": "key-1", "alg": "RS256", "use": "sig"})
    (root / "jwks.json").write_text(json.dumps({"keys": [jwk]}))
    (root / "openapi.yaml").write_text(OPENAPI.format(ttl=300))
    (root / "stack.yaml").write_text(STACK_YAML.format(
        artifacts=os.path.abspath(ARTIFACTS), jwks=root / "jwks.json",
        stacks=os.path.join(TEST_STACKS, "authorizers"), counter=root / "count"))
    s = Stack(str(root / "data"), stack_dir=str(root)).start()
    s.counter = root / "count"
    yield s
    s.stop()


def rs256(key, **overrides):
    claims = {"sub": "rsa-user", "iss": "https://issuer.example", "aud": "people-api",
              "exp": int(time.time()) + 600, "scope": "people:read people:write"}
    claims.update(overrides)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "key-1"})


def invocations(authz):
    return authz.counter.stat().st_size if authz.counter.exists() else 0


def test_rs256_token_passes_and_claims_reach_the_function(authz, rsa_key):
    r = requests.get(authz.api_url + "/jwt", headers={"Authorization": "Bearer " + rs256(rsa_key)},
                     timeout=30)
    assert r.status_code == 200, r.text
    authorizer = r.json()["requestContext"]["authorizer"]
    assert authorizer["principalId"] == "rsa-user"
    assert authorizer["sub"] == "rsa-user"
    assert authorizer["scope"] == "people:read people:write"
    assert authorizer["aud"] == "people-api"
    assert isinstance(authorizer["integrationLatency"], int)


def test_rs256_tokens_refused_as_api_gateway_refuses(authz, rsa_key):
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    refused = {
        "expired": rs256(rsa_key, exp=int(time.time()) - 600),
        "wrong audience": rs256(rsa_key, aud="someone-else"),
        "wrong issuer": rs256(rsa_key, iss="https://evil.example"),
        "wrong signature": rs256(other_key),
        "hs256 with no secret": hs256(),
    }
    for why, token in refused.items():
        r = requests.get(authz.api_url + "/jwt", headers={"Authorization": "Bearer " + token},
                         timeout=30)
        assert r.status_code == 401, why
        assert r.json() == UNAUTHORIZED, why
    r = requests.get(authz.api_url + "/jwt", timeout=30)
    assert r.status_code == 401
    assert r.json() == UNAUTHORIZED


def scripted(authz, token, method="GET", item="a"):
    headers = {} if token is None else {"X-Token": token}
    return requests.request(method, authz.api_url + "/scripted/" + item, headers=headers, timeout=30)


def test_context_reaches_the_function_as_strings(authz):
    r = scripted(authz, "ctx-" + uuid.uuid4().hex)
    assert r.status_code == 200, r.text
    authorizer = r.json()["requestContext"]["authorizer"]
    assert authorizer["principalId"] == "scripted-user"
    assert authorizer["admin"] == "true"
    assert authorizer["invocations"].isdigit()


def test_results_are_cached_per_identity_for_the_ttl(authz):
    token = "cache-" + uuid.uuid4().hex
    before = invocations(authz)
    first = scripted(authz, token, item="one")
    second = scripted(authz, token, method="POST", item="two")
    assert first.status_code == second.status_code == 200
    # One invocation served both requests: the second carries the first one's context.
    assert invocations(authz) == before + 1
    assert (first.json()["requestContext"]["authorizer"]["invocations"]
            == second.json()["requestContext"]["authorizer"]["invocations"])
    scripted(authz, token + "-other")
    assert invocations(authz) == before + 2


def test_deny_is_403_and_a_cached_policy_is_judged_per_method(authz):
    r = scripted(authz, "deny")
    assert r.status_code == 403
    assert r.json() == EXPLICIT_DENY
    assert r.headers["x-amzn-ErrorType"] == "AccessDeniedException"
    assert scripted(authz, "get-only", "GET").status_code == 200
    r = scripted(authz, "get-only", "DELETE")
    assert r.status_code == 403
    assert r.json() == {"Message": "User is not authorized to access this resource"}


def test_unauthorized_failures_and_garbage(authz):
    r = scripted(authz, None)
    assert r.status_code == 401 and r.json() == UNAUTHORIZED
    r = scripted(authz, "unauthorized")
    assert r.status_code == 401 and r.json() == UNAUTHORIZED
    for token in ("crash", "garbage"):
        r = scripted(authz, token)
        assert r.status_code == 500, token
        assert r.json() == {"message": None}
        assert r.headers["x-amzn-ErrorType"] == "AuthorizerConfigurationException"
