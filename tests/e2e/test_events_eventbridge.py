"""EventBridge on the edge port through boto3 and the AWS CLI: rules with event patterns,
Lambda targets, PutEvents and the event a target gets."""
import json
import subprocess
import uuid
from datetime import datetime, timezone

import pytest
from botocore.exceptions import ClientError

from events_helpers import cli_env, client, events_stack, listener, next_json  # noqa: F401

ACCOUNT = "000000000000"
RECORDER_ARN = "arn:aws:lambda:us-east-1:%s:function:recorder" % ACCOUNT


@pytest.fixture
def events(events_stack):
    return client(events_stack, "events")


def test_a_matching_event_reaches_the_rules_function(events, listener):
    source = "shop." + uuid.uuid4().hex[:8]
    rule = "big-orders-" + uuid.uuid4().hex[:6]
    arn = events.put_rule(Name=rule, EventPattern=json.dumps({
        "source": [source], "detail-type": ["OrderPlaced"],
        "detail": {"total": [{"numeric": [">", 100]}], "currency": [{"anything-but": "XXX"}]},
    }))["RuleArn"]
    assert arn == "arn:aws:events:us-east-1:%s:rule/%s" % (ACCOUNT, rule)
    out = events.put_targets(Rule=rule, Targets=[{"Id": "recorder", "Arn": RECORDER_ARN}])
    assert out["FailedEntryCount"] == 0
    when = datetime(2024, 5, 1, 12, 30, 0, tzinfo=timezone.utc)
    put = events.put_events(Entries=[
        {"Source": source, "DetailType": "OrderPlaced", "Time": when, "Resources": ["order/1"],
         "Detail": json.dumps({"total": 5, "currency": "EUR"})},
        {"Source": source, "DetailType": "OrderPlaced", "Time": when, "Resources": ["order/2"],
         "Detail": json.dumps({"total": 500, "currency": "EUR"})},
    ])
    assert put["FailedEntryCount"] == 0
    matched_id = put["Entries"][1]["EventId"]
    _, event = next_json(listener, "/lambda")
    assert event == {"version": "0", "id": matched_id, "detail-type": "OrderPlaced",
                     "source": source, "account": ACCOUNT, "time": "2024-05-01T12:30:00Z",
                     "region": "us-east-1", "resources": ["order/2"],
                     "detail": {"total": 500, "currency": "EUR"}}
    assert listener.nothing_more("/lambda")
    described = events.describe_rule(Name=rule)
    assert described["State"] == "ENABLED" and described["EventBusName"] == "default"
    assert [t["Id"] for t in events.list_targets_by_rule(Rule=rule)["Targets"]] == ["recorder"]
    events.remove_targets(Rule=rule, Ids=["recorder"])
    events.delete_rule(Name=rule)


def test_bad_entries_fail_alone(events):
    out = events.put_events(Entries=[
        {"Source": "s", "DetailType": "t", "Detail": "not json"},
        {"Source": "s", "DetailType": "t", "Detail": "{}"},
    ])
    assert out["FailedEntryCount"] == 1
    assert out["Entries"][0] == {"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}
    assert "EventId" in out["Entries"][1]


def test_errors_have_the_eventbridge_codes(events):
    with pytest.raises(ClientError) as e:
        events.describe_rule(Name="no-such-rule")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert e.value.response["Error"]["Message"] == "Rule no-such-rule does not exist on EventBus default."
    with pytest.raises(ClientError) as e:
        events.put_rule(Name="r", EventPattern=json.dumps({"source": "not-a-list"}))
    assert e.value.response["Error"]["Code"] == "InvalidEventPatternException"
    assert e.value.response["Error"]["Message"].startswith("Event pattern is not valid. Reason: ")
    with pytest.raises(ClientError) as e:
        events.put_events(Entries=[{"Source": "s", "DetailType": "t", "Detail": "{}"}] * 11)
    assert e.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as e:
        events.put_events(Entries=[{"Source": "s", "DetailType": "t",
                                    "Detail": json.dumps({"x": "a" * 262144})}])
    assert e.value.response["Error"]["Message"] == \
        "Total size of the entries in the request is over the limit."


def test_custom_buses_keep_their_rules_apart(events, listener):
    bus = "orders-" + uuid.uuid4().hex[:6]
    assert events.create_event_bus(Name=bus)["EventBusArn"].endswith(":event-bus/" + bus)
    assert bus in [b["Name"] for b in events.list_event_buses()["EventBuses"]]
    events.put_rule(Name="on-bus", EventBusName=bus, EventPattern=json.dumps({"source": ["b"]}))
    events.put_targets(Rule="on-bus", EventBusName=bus, Targets=[{"Id": "r", "Arn": RECORDER_ARN}])
    events.put_events(Entries=[{"Source": "b", "DetailType": "t", "Detail": "{}"}])  # default bus
    events.put_events(Entries=[{"Source": "b", "DetailType": "on-bus", "Detail": "{}",
                                "EventBusName": bus}])
    _, event = next_json(listener, "/lambda")
    assert event["detail-type"] == "on-bus"


def test_the_declared_rule_is_there_and_delivers(events, listener):
    rule = events.describe_rule(Name="declared-rule")
    assert json.loads(rule["EventPattern"]) == {
        "source": ["declared.source"], "detail": {"amount": [{"numeric": [">", 10]}]}}
    events.put_events(Entries=[{"Source": "declared.source", "DetailType": "d",
                                "Detail": json.dumps({"amount": 11})}])
    _, event = next_json(listener, "/lambda")
    assert event["source"] == "declared.source" and event["detail"] == {"amount": 11}


def test_the_aws_cli_speaks_to_eventbridge(events_stack):
    env = cli_env(events_stack)
    base = ["/usr/bin/aws", "--endpoint-url", events_stack.aws_url, "--output", "json", "events"]
    rule = "cli-" + uuid.uuid4().hex[:6]
    subprocess.run(base + ["put-rule", "--name", rule, "--event-pattern", '{"source":["cli"]}'],
                   env=env, check=True, capture_output=True)
    listed = json.loads(subprocess.run(base + ["list-rules", "--name-prefix", rule], env=env,
                                       check=True, capture_output=True, text=True).stdout)
    assert [r["Name"] for r in listed["Rules"]] == [rule]
    put = json.loads(subprocess.run(
        base + ["put-events", "--entries",
                json.dumps([{"Source": "cli", "DetailType": "t", "Detail": "{}"}])],
        env=env, check=True, capture_output=True, text=True).stdout)
    assert put["FailedEntryCount"] == 0
    matched = json.loads(subprocess.run(
        base + ["test-event-pattern", "--event-pattern", '{"source":[{"prefix":"cl"}]}',
                "--event", json.dumps({"id": "1", "source": "cli", "detail-type": "t",
                                       "account": ACCOUNT, "time": "2024-01-01T00:00:00Z",
                                       "region": "us-east-1", "resources": [], "detail": {}})],
        env=env, check=True, capture_output=True, text=True).stdout)
    assert matched["Result"] is True
