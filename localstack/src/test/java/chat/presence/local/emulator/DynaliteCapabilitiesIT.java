package chat.presence.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.presence.model.schema.Schema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** The DynamoDB features the presence design relies on, checked against dynalite itself. */
class DynaliteCapabilitiesIT {
  private static final String AGENTS = "agents";
  private static final String CHATS = "chats";

  private static DynamoEmulator emulator;
  private static DynamoDbClient dynamo;

  @BeforeAll
  static void startEmulator() {
    emulator = DynamoEmulator.start(Optional.empty());
    emulator.createTables(Schema.TABLES, spec -> spec.logicalName());
    dynamo = emulator.client();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @Test
  void assignmentConditionComparingTwoAttributesAndSetSizeSucceedsAndReturnsTheNewItem() {
    putAgent("assign-ok", 0, 2, "conn-1");

    var response = dynamo.updateItem(assignChat("assign-ok", "chat-1"));

    Map<String, AttributeValue> agent = response.attributes();
    assertThat(agent.get("activeCount").n()).isEqualTo("1");
    assertThat(agent.get("chats").ss()).containsExactly("chat-1");
    assertThat(agent.get("connections").ss()).containsExactly("conn-1");
  }

  @Test
  void assignmentConditionFailsWhenTheAgentIsFull() {
    putAgent("full", 2, 2, "conn-1");

    assertThatThrownBy(() -> dynamo.updateItem(assignChat("full", "chat-1")))
        .isInstanceOf(ConditionalCheckFailedException.class);
  }

  @Test
  void assignmentConditionFailsWhenTheAgentHasNoConnection() {
    putAgent("unconnected", 0, 2, "conn-1");
    dynamo.updateItem(
        r ->
            r.tableName(AGENTS)
                .key(agentKey("unconnected"))
                .updateExpression("DELETE connections :c")
                .expressionAttributeValues(Map.of(":c", strings("conn-1"))));

    assertThatThrownBy(() -> dynamo.updateItem(assignChat("unconnected", "chat-1")))
        .isInstanceOf(ConditionalCheckFailedException.class);
  }

  @Test
  void assignmentConditionFailsWhenTheChatIsAlreadyInTheSet() {
    putAgent("twice", 0, 3, "conn-1");
    dynamo.updateItem(assignChat("twice", "chat-1"));

    assertThatThrownBy(() -> dynamo.updateItem(assignChat("twice", "chat-1")))
        .isInstanceOf(ConditionalCheckFailedException.class);
  }

  @Test
  void containsOnAStringSetIsTrueForAMember() {
    putAgent("member", 0, 2, "conn-1");

    var response =
        dynamo.updateItem(
            r ->
                r.tableName(AGENTS)
                    .key(agentKey("member"))
                    .conditionExpression("attribute_exists(agentId) AND contains(connections, :c)")
                    .updateExpression("SET touched = :t")
                    .expressionAttributeValues(Map.of(":c", s("conn-1"), ":t", s("yes")))
                    .returnValues(ReturnValue.ALL_NEW));

    assertThat(response.attributes().get("touched").s()).isEqualTo("yes");
  }

  @Test
  void attributeExistsFailsForAMissingItem() {
    assertThatThrownBy(
            () ->
                dynamo.updateItem(
                    r ->
                        r.tableName(AGENTS)
                            .key(agentKey("nobody"))
                            .conditionExpression("attribute_exists(agentId)")
                            .updateExpression("SET touched = :t")
                            .expressionAttributeValues(Map.of(":t", s("yes")))))
        .isInstanceOf(ConditionalCheckFailedException.class);
  }

  @Test
  void attributeNotExistsLetsOnlyTheFirstPutCreateAnItem() {
    Map<String, AttributeValue> chat =
        Map.of("siteId", s("site-1"), "chatId", s("unique"), "state", s("queued"));
    dynamo.putItem(
        r -> r.tableName(CHATS).item(chat).conditionExpression("attribute_not_exists(chatId)"));

    assertThatThrownBy(
            () ->
                dynamo.putItem(
                    r ->
                        r.tableName(CHATS)
                            .item(chat)
                            .conditionExpression("attribute_not_exists(chatId)")))
        .isInstanceOf(ConditionalCheckFailedException.class);
  }

  @Test
  void addAndDeleteEditAStringSetAndDeletingTheLastMemberRemovesTheAttribute() {
    putAgent("sets", 0, 2, "conn-1");
    var added =
        dynamo.updateItem(
            r ->
                r.tableName(AGENTS)
                    .key(agentKey("sets"))
                    .updateExpression("ADD connections :c")
                    .expressionAttributeValues(Map.of(":c", strings("conn-2")))
                    .returnValues(ReturnValue.ALL_NEW));
    assertThat(added.attributes().get("connections").ss())
        .containsExactlyInAnyOrder("conn-1", "conn-2");

    var emptied =
        dynamo.updateItem(
            r ->
                r.tableName(AGENTS)
                    .key(agentKey("sets"))
                    .updateExpression("DELETE connections :c")
                    .expressionAttributeValues(Map.of(":c", strings("conn-1", "conn-2")))
                    .returnValues(ReturnValue.ALL_NEW));

    assertThat(emptied.attributes()).doesNotContainKey("connections").containsKey("agentId");
  }

  @Test
  void sparseIndexIsQueriedInSortKeyOrderBothWays() {
    putChat("c-late", Optional.of("0003"));
    putChat("c-early", Optional.of("0001"));
    putChat("c-middle", Optional.of("0002"));
    putChat("c-done", Optional.empty());

    assertThat(pendingChatIds(true)).containsExactly("c-early", "c-middle", "c-late");
    assertThat(pendingChatIds(false)).containsExactly("c-late", "c-middle", "c-early");
  }

  @Test
  void consumedCapacityIsReportedForWritesAndQueries() {
    putAgent("capacity", 0, 2, "conn-1");

    var update =
        dynamo.updateItem(
            assignChat("capacity", "chat-1").toBuilder()
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .build());
    var query =
        dynamo.query(
            r ->
                r.tableName(AGENTS)
                    .keyConditionExpression("siteId = :site")
                    .expressionAttributeValues(Map.of(":site", s("site-1")))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));

    assertThat(update.consumedCapacity().capacityUnits()).isPositive();
    assertThat(query.consumedCapacity().capacityUnits()).isPositive();
  }

  /** The router's atomic eligibility check and assignment. */
  private static UpdateItemRequest assignChat(String agentId, String chatId) {
    return UpdateItemRequest.builder()
        .tableName(AGENTS)
        .key(agentKey(agentId))
        .conditionExpression(
            "attribute_exists(agentId) AND #status = :available AND size(connections) > :zero"
                + " AND activeCount < maxChats AND NOT contains(chats, :chatId)")
        .updateExpression("ADD activeCount :one, chats :chat SET lastAssignedAt = :now")
        .expressionAttributeNames(Map.of("#status", "status"))
        .expressionAttributeValues(
            Map.of(
                ":available", s("available"),
                ":zero", n(0),
                ":one", n(1),
                ":chatId", s(chatId),
                ":chat", strings(chatId),
                ":now", n(System.currentTimeMillis())))
        .returnValues(ReturnValue.ALL_NEW)
        .build();
  }

  private static void putAgent(String agentId, int activeCount, int maxChats, String connection) {
    dynamo.putItem(
        r ->
            r.tableName(AGENTS)
                .item(
                    Map.of(
                        "siteId", s("site-1"),
                        "agentId", s(agentId),
                        "status", s("available"),
                        "activeCount", n(activeCount),
                        "maxChats", n(maxChats),
                        "connections", strings(connection))));
  }

  private static void putChat(String chatId, Optional<String> pendingKey) {
    Map<String, AttributeValue> item =
        new java.util.HashMap<>(Map.of("siteId", s("site-index"), "chatId", s(chatId)));
    pendingKey.ifPresent(key -> item.put("pendingKey", s(key)));
    dynamo.putItem(r -> r.tableName(CHATS).item(item));
  }

  private static List<String> pendingChatIds(boolean ascending) {
    return dynamo
        .query(
            r ->
                r.tableName(CHATS)
                    .indexName(Schema.CHATS_PENDING_INDEX)
                    .keyConditionExpression("siteId = :site")
                    .expressionAttributeValues(Map.of(":site", s("site-index")))
                    .scanIndexForward(ascending))
        .items()
        .stream()
        .map(item -> item.get("chatId").s())
        .toList();
  }

  private static Map<String, AttributeValue> agentKey(String agentId) {
    return Map.of("siteId", s("site-1"), "agentId", s(agentId));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static AttributeValue strings(String... values) {
    return AttributeValue.fromSs(List.of(values));
  }
}
