#!/usr/bin/python3
"""Checks sigv4.Signer against botocore's SigV4Auth on one request (run by hand after a change:
/usr/bin/python3 bench/verify_signer.py). Both sign the same headers at the same instant."""

import datetime
import json
import sys
import unittest.mock

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from sigv4 import Signer

instant = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
body = json.dumps({"TableName": "bench", "Key": {"pk": {"S": "a"}, "sk": {"S": "b"}}}).encode()
ours = Signer("127.0.0.1:4566", "test", "test", now=instant).headers("GetItem", body)

request = AWSRequest(method="POST", url="http://127.0.0.1:4566/", data=body,
                     headers={"Content-Type": ours["Content-Type"],
                              "X-Amz-Target": ours["X-Amz-Target"]})
with unittest.mock.patch("botocore.auth.datetime") as clock:
    clock.datetime.utcnow.return_value = instant.replace(tzinfo=None)
    SigV4Auth(Credentials("test", "test"), "dynamodb", "us-east-1").add_auth(request)

if request.headers["Authorization"] != ours["Authorization"]:
    print(f"botocore: {request.headers['Authorization']}\nours:     {ours['Authorization']}")
    sys.exit(1)
print("sigv4: same signature as botocore")
