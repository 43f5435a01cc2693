"""SNS on the edge port through boto3 and the AWS CLI: topics, subscriptions, Publish, and the
deliveries a Lambda function and an HTTP endpoint get."""
import json
import os
import subprocess
import tempfile
import urllib.request
import uuid

import pytest
from botocore.exceptions import ClientError

from events_helpers import (RECORDER_DIR, Listener, cli_env, client, events_stack, listener,  # noqa: F401
                            next_json)

FIXTURE = "/work/shared/fixtures/aws-events/sns-event.json"
ACCOUNT = "000000000000"


@pytest.fixture
def sns(events_stack):
    return client(events_stack, "sns")


def fresh_topic(sns):
    return sns.create_topic(Name="t-" + uuid.uuid4().hex[:12])["TopicArn"]


def subscribe_http(sns, listener, topic, path):
    """Subscribes path on the listener and confirms through the SubscribeURL, as an endpoint does."""
    out = sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=listener.url(path))
    assert out["SubscriptionArn"] == "pending confirmation"
    headers, body = next_json(listener, path)
    assert headers["x-amz-sns-message-type"] == "SubscriptionConfirmation"
    assert body["Type"] == "SubscriptionConfirmation"
    assert body["TopicArn"] == topic
    with urllib.request.urlopen(body["SubscribeURL"], timeout=10) as resp:
        assert resp.status == 200
        assert b"<ConfirmSubscriptionResult>" in resp.read()
    subs = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    return next(s["SubscriptionArn"] for s in subs if s["Endpoint"] == listener.url(path))


def test_topics_are_created_idempotently_listed_and_deleted(sns):
    name = "orders-" + uuid.uuid4().hex[:8]
    arn = sns.create_topic(Name=name)["TopicArn"]
    assert arn == "arn:aws:sns:us-east-1:%s:%s" % (ACCOUNT, name)
    assert sns.create_topic(Name=name)["TopicArn"] == arn
    assert arn in [t["TopicArn"] for t in sns.list_topics()["Topics"]]
    attrs = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    assert attrs["TopicArn"] == arn and attrs["Owner"] == ACCOUNT
    assert attrs["SubscriptionsConfirmed"] == "0"
    sns.set_topic_attributes(TopicArn=arn, AttributeName="DisplayName", AttributeValue="Orders")
    assert sns.get_topic_attributes(TopicArn=arn)["Attributes"]["DisplayName"] == "Orders"
    sns.delete_topic(TopicArn=arn)
    assert arn not in [t["TopicArn"] for t in sns.list_topics()["Topics"]]


def test_list_topics_pages_with_next_token(sns):
    created = {fresh_topic(sns) for _ in range(105)}
    seen, token = [], None
    while True:
        page = sns.list_topics(**({"NextToken": token} if token else {}))
        seen += [t["TopicArn"] for t in page["Topics"]]
        assert len(page["Topics"]) <= 100
        token = page.get("NextToken")
        if not token:
            break
    assert created <= set(seen)
    assert len(seen) == len(set(seen))


def test_errors_have_the_sns_codes_and_statuses(sns):
    with pytest.raises(ClientError) as e:
        sns.publish(TopicArn="arn:aws:sns:us-east-1:%s:missing" % ACCOUNT, Message="m")
    assert e.value.response["Error"]["Code"] == "NotFound"
    assert e.value.response["Error"]["Message"] == "Topic does not exist"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    with pytest.raises(ClientError) as e:
        sns.create_topic(Name="not a name")
    assert e.value.response["Error"]["Code"] == "InvalidParameter"
    assert e.value.response["Error"]["Message"] == "Invalid parameter: Topic Name"
    topic = fresh_topic(sns)
    with pytest.raises(ClientError) as e:
        sns.publish(TopicArn=topic, Message="x" * (256 * 1024 + 1))
    assert e.value.response["Error"]["Message"] == "Invalid parameter: Message too long"
    with pytest.raises(ClientError) as e:
        sns.subscribe(TopicArn=topic, Protocol="carrier-pigeon", Endpoint="x")
    assert e.value.response["Error"]["Code"] == "InvalidParameter"


def test_a_wrong_secret_is_refused(events_stack):
    import boto3
    bad = boto3.client("sns", endpoint_url=events_stack.aws_url, region_name="us-east-1",
                       aws_access_key_id="test", aws_secret_access_key="wrong")
    with pytest.raises(ClientError) as e:
        bad.list_topics()
    assert e.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_a_lambda_subscriber_gets_the_documented_sns_event(sns, listener):
    topic = fresh_topic(sns)
    function_arn = "arn:aws:lambda:us-east-1:%s:function:recorder" % ACCOUNT
    sub = sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=function_arn)["SubscriptionArn"]
    assert sub.startswith(topic + ":")
    message_id = sns.publish(
        TopicArn=topic, Message="Hello from SNS!", Subject="TestInvoke",
        MessageAttributes={"Test": {"DataType": "String", "StringValue": "TestString"},
                           "TestBinary": {"DataType": "Binary", "BinaryValue": b"TestBinary"}},
    )["MessageId"]
    _, event = next_json(listener, "/lambda")
    with open(FIXTURE) as f:
        sample = json.load(f)
    record, sample_record = event["Records"][0], sample["Records"][0]
    assert set(record) == set(sample_record)
    assert set(record["Sns"]) == set(sample_record["Sns"])
    assert record["EventSource"] == "aws:sns" and record["EventVersion"] == "1.0"
    assert record["EventSubscriptionArn"] == sub
    s = record["Sns"]
    assert s["Type"] == "Notification" and s["MessageId"] == message_id
    assert s["TopicArn"] == topic and s["Subject"] == "TestInvoke"
    assert s["Message"] == "Hello from SNS!" and s["SignatureVersion"] == "1"
    assert s["MessageAttributes"] == {"Test": {"Type": "String", "Value": "TestString"},
                                      "TestBinary": {"Type": "Binary", "Value": "VGVzdEJpbmFyeQ=="}}
    sns.unsubscribe(SubscriptionArn=sub)


def test_an_http_subscriber_confirms_then_gets_notifications(sns, listener):
    topic = fresh_topic(sns)
    sub = subscribe_http(sns, listener, topic, "/hook")
    assert sub.startswith(topic + ":")
    message_id = sns.publish(TopicArn=topic, Message="hello", Subject="greeting",
                             MessageAttributes={"eventType": {"DataType": "String",
                                                              "StringValue": "CustomerRegistered"}}
                             )["MessageId"]
    headers, body = next_json(listener, "/hook")
    assert headers["x-amz-sns-message-type"] == "Notification"
    assert headers["x-amz-sns-message-id"] == message_id
    assert headers["x-amz-sns-topic-arn"] == topic
    assert headers["x-amz-sns-subscription-arn"] == sub
    assert headers["Content-Type"] == "text/plain; charset=UTF-8"
    assert body["Type"] == "Notification" and body["Message"] == "hello"
    assert body["Subject"] == "greeting" and body["MessageId"] == message_id
    assert body["MessageAttributes"] == {"eventType": {"Type": "String",
                                                       "Value": "CustomerRegistered"}}
    for key in ("Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL"):
        assert key in body
    # The UnsubscribeURL works as AWS's does: a plain GET.
    with urllib.request.urlopen(body["UnsubscribeURL"], timeout=10) as resp:
        assert resp.status == 200
    assert sub not in [s["SubscriptionArn"] for s in sns.list_subscriptions()["Subscriptions"]]


def test_an_http_subscriber_that_fails_is_retried(sns, listener):
    topic = fresh_topic(sns)
    # Immediate retries, so that the test need not wait SNS's default 20 s.
    sns.set_topic_attributes(TopicArn=topic, AttributeName="DeliveryPolicy", AttributeValue=json.dumps(
        {"http": {"defaultHealthyRetryPolicy": {"numRetries": 3, "numNoDelayRetries": 3,
                                                "minDelayTarget": 1, "maxDelayTarget": 1}}}))
    subscribe_http(sns, listener, topic, "/flaky")
    listener.statuses["/flaky"] = [500, 503]
    message_id = sns.publish(TopicArn=topic, Message="again")["MessageId"]
    for _ in range(3):
        headers, body = next_json(listener, "/flaky")
        assert body["MessageId"] == message_id


def test_a_failing_function_is_invoked_again(sns, listener):
    topic = fresh_topic(sns)
    sns.subscribe(TopicArn=topic, Protocol="lambda",
                  Endpoint="arn:aws:lambda:us-east-1:%s:function:recorder" % ACCOUNT)
    key = uuid.uuid4().hex
    text = "fail-once:" + key
    sns.publish(TopicArn=topic, Message=text)
    try:
        _, event = next_json(listener, "/lambda")
        assert event["Records"][0]["Sns"]["Message"] == text
    finally:
        marker = os.path.join(tempfile.gettempdir(), "nimbus-recorder-" + key)
        if os.path.exists(marker):
            os.remove(marker)


def test_filter_policies_decide_who_gets_what(sns, listener):
    topic = fresh_topic(sns)
    sns.subscribe(TopicArn=topic, Protocol="lambda",
                  Endpoint="arn:aws:lambda:us-east-1:%s:function:recorder" % ACCOUNT,
                  Attributes={"FilterPolicy": json.dumps({"eventType": ["CustomerRegistered"]})})
    sns.publish(TopicArn=topic, Message="skipped", MessageAttributes={
        "eventType": {"DataType": "String", "StringValue": "CustomerDeleted"}})
    sns.publish(TopicArn=topic, Message="wanted", MessageAttributes={
        "eventType": {"DataType": "String", "StringValue": "CustomerRegistered"}})
    _, event = next_json(listener, "/lambda")
    assert event["Records"][0]["Sns"]["Message"] == "wanted"


def test_the_declared_topic_delivers_to_its_function(sns, listener):
    topic = "arn:aws:sns:us-east-1:%s:declared-topic" % ACCOUNT
    subs = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert [(s["Protocol"], s["Endpoint"]) for s in subs] == [
        ("lambda", "arn:aws:lambda:us-east-1:%s:function:recorder" % ACCOUNT)]
    sns.publish(TopicArn=topic, Message="declared")
    _, event = next_json(listener, "/lambda")
    assert event["Records"][0]["Sns"]["Message"] == "declared"


def test_an_outbox_item_is_published_and_removed(events_stack, listener):
    ddb = client(events_stack, "dynamodb")
    ddb.put_item(TableName="outbox", Item={
        "outboxId": {"S": "evt-1"}, "topic": {"S": "outbox-topic"},
        "message": {"S": json.dumps({"customerId": "CUST-1"})},
        "subject": {"S": "CustomerRegistered"},
        "attributes": {"M": {"eventType": {"S": "CustomerRegistered"}}},
        "createdAt": {"S": "2024-05-01T10:00:00Z"}})
    _, event = next_json(listener, "/outbox")
    s = event["Records"][0]["Sns"]
    assert json.loads(s["Message"]) == {"customerId": "CUST-1"}
    assert s["Subject"] == "CustomerRegistered"
    assert s["MessageAttributes"]["eventType"]["Value"] == "CustomerRegistered"
    # Deleted once published; the drain deletes right after the publish answered.
    for _ in range(200):
        if ddb.scan(TableName="outbox", ConsistentRead=True)["Count"] == 0:
            break
    assert ddb.scan(TableName="outbox", ConsistentRead=True)["Count"] == 0


def test_the_aws_cli_speaks_to_sns(events_stack):
    env = cli_env(events_stack)
    base = ["/usr/bin/aws", "--endpoint-url", events_stack.aws_url, "--output", "json", "sns"]
    name = "cli-" + uuid.uuid4().hex[:8]
    out = json.loads(subprocess.run(base + ["create-topic", "--name", name], env=env, check=True,
                                    capture_output=True, text=True).stdout)
    arn = out["TopicArn"]
    published = json.loads(subprocess.run(base + ["publish", "--topic-arn", arn, "--message", "hi"],
                                          env=env, check=True, capture_output=True, text=True).stdout)
    assert "MessageId" in published
    failed = subprocess.run(base + ["get-topic-attributes", "--topic-arn", arn + "-missing"],
                            env=env, capture_output=True, text=True)
    assert failed.returncode != 0
    assert "NotFound" in failed.stderr and "Topic does not exist" in failed.stderr


def test_topics_and_subscriptions_survive_a_restart(events_stack, sns):
    topic = fresh_topic(sns)
    sub = sns.subscribe(TopicArn=topic, Protocol="lambda",
                        Endpoint="arn:aws:lambda:us-east-1:%s:function:recorder" % ACCOUNT
                        )["SubscriptionArn"]
    events_stack.stop()
    events_stack.start()
    again = client(events_stack, "sns")
    listed = [t["TopicArn"] for page in again.get_paginator("list_topics").paginate()
              for t in page["Topics"]]
    assert topic in listed
    assert sub in [s["SubscriptionArn"]
                   for s in again.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]]
