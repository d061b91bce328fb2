#!/bin/bash
# Creates the presence backend's tables, routing queues and timer queue when LocalStack is ready.
# Mirrors chat.presence.model.schema.Schema (shared-model); LocalStackAdaptersIT runs this script
# and compares what it creates with Schema, so a schema change that is not copied here fails.
set -euo pipefail

TTL_ATTRIBUTE=expiresAt

# create_table NAME KEY_SCHEMA ATTRIBUTE_NAMES [GSI_JSON]: string keys, on demand, TTL on.
create_table() {
  local name=$1 key_schema=$2 attributes=$3 indexes=${4:-}
  if awslocal dynamodb describe-table --table-name "$name" >/dev/null 2>&1; then
    return
  fi
  local definitions=()
  for attribute in $attributes; do
    definitions+=("AttributeName=$attribute,AttributeType=S")
  done
  awslocal dynamodb create-table --table-name "$name" --billing-mode PAY_PER_REQUEST \
    --attribute-definitions "${definitions[@]}" --key-schema $key_schema \
    ${indexes:+--global-secondary-indexes "$indexes"} >/dev/null
  awslocal dynamodb wait table-exists --table-name "$name"
  awslocal dynamodb update-time-to-live --table-name "$name" \
    --time-to-live-specification "Enabled=true,AttributeName=$TTL_ATTRIBUTE" >/dev/null
}

create_table agents \
  "AttributeName=siteId,KeyType=HASH AttributeName=agentId,KeyType=RANGE" \
  "siteId agentId"

create_table connections \
  "AttributeName=connectionId,KeyType=HASH" \
  "connectionId userKey presenceSite" \
  '[{"IndexName":"byUser","KeySchema":[{"AttributeName":"userKey","KeyType":"HASH"}],
     "Projection":{"ProjectionType":"ALL"}},
    {"IndexName":"presenceSubscribers","KeySchema":[{"AttributeName":"presenceSite","KeyType":"HASH"}],
     "Projection":{"ProjectionType":"ALL"}}]'

create_table chats \
  "AttributeName=siteId,KeyType=HASH AttributeName=chatId,KeyType=RANGE" \
  "siteId chatId pendingKey visitorKey" \
  '[{"IndexName":"pending","KeySchema":[{"AttributeName":"siteId","KeyType":"HASH"},
     {"AttributeName":"pendingKey","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}},
    {"IndexName":"byVisitor","KeySchema":[{"AttributeName":"visitorKey","KeyType":"HASH"}],
     "Projection":{"ProjectionType":"ALL"}}]'

create_table sites \
  "AttributeName=siteId,KeyType=HASH" \
  "siteId"

# The routing queue: FIFO, explicit deduplication ids, visibility 6 x the router's 10 s timeout,
# five receives before the dead-letter queue, which keeps messages 14 days.
dead_letter_url=$(awslocal sqs create-queue --queue-name presence-routing-dlq.fifo \
  --attributes FifoQueue=true,ContentBasedDeduplication=false,MessageRetentionPeriod=1209600 \
  --query QueueUrl --output text)
dead_letter_arn=$(awslocal sqs get-queue-attributes --queue-url "$dead_letter_url" \
  --attribute-names QueueArn --query Attributes.QueueArn --output text)
redrive_policy="{\\\"deadLetterTargetArn\\\":\\\"$dead_letter_arn\\\",\\\"maxReceiveCount\\\":\\\"5\\\"}"
awslocal sqs create-queue --queue-name presence-routing.fifo --attributes "{
  \"FifoQueue\": \"true\",
  \"ContentBasedDeduplication\": \"false\",
  \"VisibilityTimeout\": \"60\",
  \"RedrivePolicy\": \"$redrive_policy\"
}" >/dev/null

# The timer queue: a standard queue, since a FIFO queue takes no per-message delay.
awslocal sqs create-queue --queue-name presence-timers >/dev/null

echo "presence tables and queues created"
