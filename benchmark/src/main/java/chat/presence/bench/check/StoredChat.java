package chat.presence.bench.check;

import chat.presence.model.schema.Schema;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A chat as stored, read straight from the table by the attribute names of the data model, so that
 * the checks do not go through the code they check.
 */
record StoredChat(
    String chatId,
    Optional<String> agentId,
    OptionalLong assignedAgentVersion,
    OptionalLong assignedAtMillis,
    OptionalLong endedAtMillis) {

  /** Every chat of a site, by id, read consistently. */
  static Map<String, StoredChat> ofSite(DynamoDbClient dynamo, String siteId) {
    Map<String, StoredChat> chats = new HashMap<>();
    dynamo
        .queryPaginator(
            r ->
                r.tableName(Schema.CHATS.logicalName())
                    .consistentRead(true)
                    .keyConditionExpression("siteId = :site")
                    .expressionAttributeValues(Map.of(":site", AttributeValue.fromS(siteId))))
        .items()
        .forEach(item -> chats.put(item.get("chatId").s(), fromItem(item)));
    return chats;
  }

  private static StoredChat fromItem(Map<String, AttributeValue> item) {
    return new StoredChat(
        item.get("chatId").s(),
        Optional.ofNullable(item.get("agentId")).map(AttributeValue::s),
        number(item, "assignedAgentVersion"),
        number(item, "assignedAt"),
        number(item, "endedAt"));
  }

  private static OptionalLong number(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.n()));
  }
}
