"""A minimal Lambda Runtime API loop for the test functions of this stack (any language's
runtime client runs under the function host; these are Python scripts)."""
import json
import os
import urllib.request

BASE = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"


def _post(url, document):
    request = urllib.request.Request(url, data=json.dumps(document).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request).read()


def run(handler):
    while True:
        with urllib.request.urlopen(BASE + "next") as response:
            request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
            event = json.loads(response.read())
        try:
            _post(BASE + request_id + "/response", handler(event))
        except Exception as error:  # reported as the invocation's error, as runtimes do
            _post(BASE + request_id + "/error",
                  {"errorMessage": str(error), "errorType": type(error).__name__})
