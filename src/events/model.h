// What the events service keeps: SNS topics and subscriptions, EventBridge buses, rules and
// their targets. Plain values; the service guards them with its lock and persists them
// through state_file.h.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace nimbus::events {

struct Topic {
  std::string arn;
  std::string name;
  std::map<std::string, std::string> attributes;  // the ones set by CreateTopic/SetTopicAttributes
  std::map<std::string, std::string> tags;
};

struct Subscription {
  std::string arn;
  std::string topic_arn;
  std::string protocol;                           // lambda | http | https
  std::string endpoint;                           // function ARN or URL
  std::string owner;                              // account id
  bool pending = false;                           // http(s) until ConfirmSubscription
  std::string token;                              // the confirmation token while pending
  std::map<std::string, std::string> attributes;  // FilterPolicy, RawMessageDelivery, ...
};

struct Target {
  std::string id;
  std::string arn;         // a Lambda function or an SNS topic
  std::string input;       // constant JSON sent instead of the event
  std::string input_path;  // a JSONPath into the event ($.detail)
};

struct Rule {
  std::string name;
  std::string bus = "default";
  std::string arn;
  std::string event_pattern;  // JSON text, as given
  std::string schedule_expression;
  std::string state = "ENABLED";
  std::string description;
  std::string role_arn;
  std::vector<Target> targets;
};

struct EventBus {
  std::string name;
  std::string arn;
};

struct State {
  std::map<std::string, Topic> topics;                // by ARN
  std::map<std::string, Subscription> subscriptions;  // by ARN
  std::map<std::string, EventBus> buses;              // by name
  std::map<std::string, Rule> rules;                  // by "<bus>/<name>"
};

}  // namespace nimbus::events
