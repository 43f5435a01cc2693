// What stack.yaml declares for the events service, made so at `nimbus up`: topics and their
// subscriptions, rules and their targets, and the topics outboxes publish to. Idempotent
// (the state persists across restarts); the declaration wins over attributes changed since.
#pragma once

#include <expected>
#include <string>

#include "events/events.h"
#include "stack/stack.h"

namespace nimbus::events {

std::expected<void, std::string> ApplyStack(Events& events, const stack::Stack& stack);

}  // namespace nimbus::events
