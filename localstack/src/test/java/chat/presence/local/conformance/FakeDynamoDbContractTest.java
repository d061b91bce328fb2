package chat.presence.local.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.functions.fakes.FakeDynamoDb;
import chat.presence.model.schema.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link DynamoDbContract} on {@link FakeDynamoDb}, with its index lag on: the contract settles the
 * indexes before it reads them. Plus what only the fake can show: an index lagging behind.
 */
class FakeDynamoDbContractTest extends DynamoDbContract {
  private final FakeDynamoDb fake = new FakeDynamoDb(Schema.TABLES);

  @Override
  protected DynamoDbClient client() {
    return fake;
  }

  @Override
  protected void settleIndexes() {
    fake.propagateIndexes();
  }

  @Test
  void theIndexLagsUntilPropagated() {
    Map<String, AttributeValue> chat =
        item(
            "siteId", s("site-1"),
            "chatId", s("chat-1"),
            "chatState", s("queued"),
            "pendingKey", s("1|0100|chat-1"));
    fake.putItem(r -> r.tableName(CHATS).item(chat));

    assertThat(pending()).as("the index has not seen the write yet").isEmpty();
    assertThat(fake.getItem(r -> r.tableName(CHATS).key(chatKey("chat-1"))).item())
        .as("the table has")
        .isEqualTo(chat);
    assertThat(fake.pendingIndexUpdates()).isEqualTo(1);

    assertThat(fake.propagateIndexUpdate()).isTrue();
    assertThat(pending()).containsExactly(chat);

    fake.updateItem(
        r -> r.tableName(CHATS).key(chatKey("chat-1")).updateExpression("REMOVE pendingKey"));
    assertThat(pending()).as("still listed: the removal has not reached the index").hasSize(1);

    settleIndexes();
    assertThat(pending()).isEmpty();
    assertThat(fake.pendingIndexUpdates()).isZero();
  }

  private List<Map<String, AttributeValue>> pending() {
    return fake.query(
            r ->
                r.tableName(CHATS)
                    .indexName(PENDING)
                    .keyConditionExpression("siteId = :s")
                    .expressionAttributeValues(Map.of(":s", s("site-1"))))
        .items();
  }
}
