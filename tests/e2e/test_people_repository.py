"""The People function's DynamoDB repository (C++ SDK client) against the running stack."""
import os
import subprocess

from conftest import ARTIFACTS


def test_repository_against_the_edge(stack):
    binary = os.path.join(ARTIFACTS, "apps", "people", "people_dynamo_test")
    env = dict(os.environ,
               AWS_ENDPOINT_URL_DYNAMODB=stack.aws_url, AWS_REGION="us-east-1",
               AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test")
    r = subprocess.run([binary], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "[  PASSED  ]" in r.stdout
    assert "SKIPPED" not in r.stdout
