"""The gateway test stack (stacks/gateway): API keys, usage plans, tiny throttles, validators and
CORS in front of the People function. Imported by the test_gateway_*.py files."""
import uuid
import os
import shutil
import tempfile

import pytest

from conftest import TEST_STACKS, Stack

GATEWAY_STACK = os.path.join(TEST_STACKS, "gateway")

OPEN_KEY = "open-key-000000000000000001"
QUOTA_KEY = "quota-key-00000000000000001"
BURST_KEY = "burst-key-00000000000000001"
METHOD_KEY = "method-key-0000000000000001"
RETIRED_KEY = "retired-key-000000000000001"
ELSEWHERE_KEY = "elsewhere-key-0000000000001"
ORIGIN = "https://app.example.com"


@pytest.fixture(scope="module")
def front():
    # A folder of its own: a module may use the People `stack` fixture beside it.
    data_dir = tempfile.mkdtemp(prefix="nimbus-e2e-gateway-")
    s = Stack(data_dir, stack_dir=GATEWAY_STACK).start()
    yield s
    s.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


def create_person(stack, **fields):
    import requests
    body = {"name": "Grace Hopper", "email": f"grace-{uuid.uuid4().hex[:12]}@example.com"}
    body.update(fields)
    r = requests.post(stack.api_url + "/people", json=body, timeout=30)
    assert r.status_code == 201, r.text
    return r.json()
