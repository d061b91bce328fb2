package chat.presence.functions.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.presence.model.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

class FakeDynamoDbTest {
  private static final String AGENTS = Schema.AGENTS.logicalName();
  private static final String CHATS = Schema.CHATS.logicalName();
  private static final String PENDING = Schema.CHATS_PENDING_INDEX;

  private final FakeDynamoDb dynamo = new FakeDynamoDb(Schema.TABLES);

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static Map<String, AttributeValue> agentKey(String agentId) {
    return Map.of("siteId", s("site-1"), "agentId", s(agentId));
  }

  private static Map<String, AttributeValue> chatKey(String chatId) {
    return Map.of("siteId", s("site-1"), "chatId", s(chatId));
  }

  private void putChat(String chatId, String pendingKey) {
    dynamo.putItem(
        r ->
            r.tableName(CHATS)
                .item(
                    Map.of(
                        "siteId", s("site-1"),
                        "chatId", s(chatId),
                        "chatState", s("queued"),
                        "pendingKey", s(pendingKey))));
  }

  private List<String> pendingChatIds() {
    return dynamo
        .queryPaginator(
            r ->
                r.tableName(CHATS)
                    .indexName(PENDING)
                    .keyConditionExpression("siteId = :s")
                    .expressionAttributeValues(Map.of(":s", s("site-1"))))
        .items()
        .stream()
        .map(item -> item.get("chatId").s())
        .toList();
  }

  @Test
  void consumerBuilderOverloadsReachTheFake() {
    var updated =
        dynamo.updateItem(
            r ->
                r.tableName(AGENTS)
                    .key(agentKey("a1"))
                    .updateExpression("SET maxChats = :max ADD rev :one")
                    .conditionExpression("attribute_not_exists(agentId)")
                    .expressionAttributeValues(Map.of(":max", n(2), ":one", n(1)))
                    .returnValues(ReturnValue.ALL_NEW));

    assertThat(updated.attributes())
        .containsEntry("siteId", s("site-1"))
        .containsEntry("agentId", s("a1"))
        .containsEntry("maxChats", n(2))
        .containsEntry("rev", n(1));
    assertThat(dynamo.getItem(r -> r.tableName(AGENTS).key(agentKey("a1"))).item())
        .isEqualTo(updated.attributes());
    assertThat(dynamo.item(AGENTS, agentKey("a1"))).isEqualTo(updated.attributes());
  }

  @Test
  void paginatorsFollowLastEvaluatedKey() {
    dynamo.putItem(r -> r.tableName(AGENTS).item(agentKey("a0")));
    for (int i = 0; i < 7; i++) {
      int id = i;
      dynamo.putItem(
          r ->
              r.tableName(AGENTS).item(Map.of("siteId", s("site-1"), "agentId", s("agent-" + id))));
    }

    var pages =
        dynamo.queryPaginator(
            r ->
                r.tableName(AGENTS)
                    .limit(3)
                    .keyConditionExpression("siteId = :s")
                    .expressionAttributeValues(Map.of(":s", s("site-1"))));
    assertThat(pages.stream().map(page -> page.items().size()).toList()).containsExactly(3, 3, 2);
    assertThat(pages.items().stream().map(item -> item.get("agentId").s()).toList())
        .containsExactly(
            "a0", "agent-0", "agent-1", "agent-2", "agent-3", "agent-4", "agent-5", "agent-6");
    assertThat(dynamo.scanPaginator(r -> r.tableName(AGENTS).limit(2)).items()).hasSize(8);
    assertThat(dynamo.scanPaginator(r -> r.tableName(AGENTS)).stream().count()).isEqualTo(1);

    var backwards =
        dynamo.queryPaginator(
            r ->
                r.tableName(AGENTS)
                    .limit(5)
                    .scanIndexForward(false)
                    .keyConditionExpression("siteId = :s AND begins_with(agentId, :p)")
                    .expressionAttributeValues(Map.of(":s", s("site-1"), ":p", s("agent-"))));
    assertThat(backwards.items().stream().map(item -> item.get("agentId").s()).toList())
        .containsExactly(
            "agent-6", "agent-5", "agent-4", "agent-3", "agent-2", "agent-1", "agent-0");
  }

  @Test
  void indexesLagUntilPropagatedInWriteOrder() {
    putChat("c1", "1|b");
    putChat("c2", "1|a");

    assertThat(dynamo.pendingIndexUpdates()).isEqualTo(2);
    assertThat(pendingChatIds()).isEmpty();
    assertThat(dynamo.getItem(r -> r.tableName(CHATS).key(chatKey("c1"))).item())
        .as("the base table is current")
        .isNotEmpty();

    assertThat(dynamo.propagateIndexUpdate()).isTrue();
    assertThat(pendingChatIds()).containsExactly("c1");
    assertThat(dynamo.propagateIndexUpdate()).isTrue();
    assertThat(pendingChatIds()).containsExactly("c2", "c1");
    assertThat(dynamo.propagateIndexUpdate()).isFalse();

    dynamo.updateItem(
        r -> r.tableName(CHATS).key(chatKey("c2")).updateExpression("REMOVE pendingKey"));
    assertThat(pendingChatIds()).containsExactly("c2", "c1");
    assertThat(dynamo.indexItems(CHATS, PENDING)).hasSize(2);
    assertThat(dynamo.propagateIndexes()).isEqualTo(1);
    assertThat(pendingChatIds()).containsExactly("c1");
  }

  @Test
  void withoutLagIndexesAreCurrentAndTurningLagOffCatchesUp() {
    putChat("c1", "1|b");
    dynamo.setIndexLag(false);

    assertThat(dynamo.pendingIndexUpdates()).isZero();
    assertThat(pendingChatIds()).containsExactly("c1");
    putChat("c2", "1|a");
    assertThat(pendingChatIds()).containsExactly("c2", "c1");

    FakeDynamoDb current = new FakeDynamoDb(Schema.TABLES, false);
    current.putItem(
        r ->
            r.tableName(CHATS)
                .item(Map.of("siteId", s("s"), "chatId", s("c"), "pendingKey", s("k"))));
    assertThat(current.indexItems(CHATS, PENDING)).hasSize(1);
  }

  @Test
  void hooksSurroundEveryCall() {
    List<String> seen = new ArrayList<>();
    dynamo.setHook(
        new IoHook() {
          @Override
          public void before(IoCall call) {
            seen.add("before " + call + " " + call.writes() + " " + dynamo.items(AGENTS).size());
          }

          @Override
          public void after(IoCall call) {
            seen.add("after " + call + " " + dynamo.items(AGENTS).size());
          }
        });

    dynamo.putItem(r -> r.tableName(AGENTS).item(agentKey("a1")));
    dynamo.getItem(r -> r.tableName(AGENTS).key(agentKey("a1")));
    dynamo.scan(r -> r.tableName(AGENTS));
    assertThatThrownBy(
            () ->
                dynamo.deleteItem(
                    r ->
                        r.tableName(AGENTS)
                            .key(agentKey("a2"))
                            .conditionExpression("attribute_exists(agentId)")))
        .isInstanceOf(ConditionalCheckFailedException.class);

    assertThat(seen)
        .containsExactly(
            "before dynamodb:PutItem agents site-1/a1 true 0",
            "after dynamodb:PutItem agents site-1/a1 1",
            "before dynamodb:GetItem agents site-1/a1 false 1",
            "after dynamodb:GetItem agents site-1/a1 1",
            "before dynamodb:Scan agents - false 1",
            "after dynamodb:Scan agents - 1",
            "before dynamodb:DeleteItem agents site-1/a2 true 1",
            "after dynamodb:DeleteItem agents site-1/a2 1");
  }

  @Test
  void aHookFailingBeforeLeavesEverythingAsItWasAndAfterHidesAnAppliedWrite() {
    class Crash extends Error {}
    dynamo.setHook(
        new IoHook() {
          @Override
          public void before(IoCall call) {
            if (call.target().endsWith("a1")) {
              throw new Crash();
            }
          }

          @Override
          public void after(IoCall call) {
            if (call.target().endsWith("a2")) {
              throw new Crash();
            }
          }
        });

    assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName(AGENTS).item(agentKey("a1"))))
        .isInstanceOf(Crash.class);
    assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName(AGENTS).item(agentKey("a2"))))
        .isInstanceOf(Crash.class);

    assertThat(dynamo.item(AGENTS, agentKey("a1"))).isEmpty();
    assertThat(dynamo.item(AGENTS, agentKey("a2"))).isEqualTo(agentKey("a2"));
  }

  @Test
  void concurrentUpdatesAreAtomic() throws Exception {
    int threads = 8;
    int updates = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < updates; i++) {
                    dynamo.updateItem(
                        r ->
                            r.tableName(AGENTS)
                                .key(agentKey("a1"))
                                .updateExpression("ADD rev :one")
                                .expressionAttributeValues(Map.of(":one", n(1))));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(dynamo.item(AGENTS, agentKey("a1"))).containsEntry("rev", n(threads * updates));
  }

  @Test
  void aHookThatBlocksDoesNotBlockOtherCallers() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    dynamo.setHook(
        new IoHook() {
          @Override
          public void before(IoCall call) {
            if (call.target().endsWith("slow")) {
              blocked.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }

          @Override
          public void after(IoCall call) {}
        });
    Thread slow = new Thread(() -> dynamo.putItem(r -> r.tableName(AGENTS).item(agentKey("slow"))));
    slow.start();
    blocked.await();

    dynamo.putItem(r -> r.tableName(AGENTS).item(agentKey("fast")));
    assertThat(dynamo.items(AGENTS)).containsExactly(agentKey("fast"));

    release.countDown();
    slow.join(10_000);
    assertThat(dynamo.items(AGENTS)).hasSize(2);
    assertThat(dynamo.serviceName()).isEqualTo("dynamodb");
  }

  @Test
  void commitListenersSeeEveryAppliedWriteInOrder() {
    List<FakeDynamoDb.Commit> commits = new ArrayList<>();
    dynamo.addCommitListener(commits::add);

    dynamo.putItem(r -> r.tableName(AGENTS).item(agentKey("a1")));
    dynamo.updateItem(
        r ->
            r.tableName(AGENTS)
                .key(agentKey("a1"))
                .updateExpression("SET rev = :one")
                .expressionAttributeValues(Map.of(":one", n(1))));
    assertThatThrownBy(
            () ->
                dynamo.updateItem(
                    r ->
                        r.tableName(AGENTS)
                            .key(agentKey("a1"))
                            .updateExpression("SET rev = :one")
                            .conditionExpression("rev = :zero")
                            .expressionAttributeValues(Map.of(":one", n(1), ":zero", n(0)))))
        .isInstanceOf(ConditionalCheckFailedException.class);
    dynamo.deleteItem(r -> r.tableName(AGENTS).key(agentKey("a1")));
    dynamo.deleteItem(r -> r.tableName(AGENTS).key(agentKey("a1")));

    assertThat(commits).extracting(FakeDynamoDb.Commit::sequence).containsExactly(1L, 2L, 3L);
    assertThat(commits).allSatisfy(commit -> assertThat(commit.key()).isEqualTo(agentKey("a1")));
    assertThat(commits.get(0).before()).isEmpty();
    assertThat(commits.get(1).before()).hasValue(agentKey("a1"));
    assertThat(commits.get(1).after().orElseThrow()).containsEntry("rev", n(1));
    assertThat(commits.get(2).after()).isEmpty();
  }

  @Test
  void errorsAreTheSdkExceptionsDynamoDbRaises() {
    assertValidation(
        () -> dynamo.getItem(r -> r.tableName(AGENTS).key(Map.of("siteId", s("site-1")))),
        "The provided key element does not match the schema");
    assertValidation(
        () ->
            dynamo.getItem(
                r -> r.tableName(AGENTS).key(Map.of("siteId", s("site-1"), "agentId", n(1)))),
        "The provided key element does not match the schema");
    assertValidation(
        () ->
            dynamo.updateItem(
                r ->
                    r.tableName(AGENTS)
                        .key(agentKey("a1"))
                        .updateExpression("SET siteId = :v")
                        .expressionAttributeValues(Map.of(":v", s("x")))),
        "Cannot update attribute siteId. This attribute is part of the key");
    assertValidation(
        () ->
            dynamo.updateItem(
                r ->
                    r.tableName(AGENTS)
                        .key(agentKey("a1"))
                        .updateExpression("SET rev = :v")
                        .expressionAttributeValues(Map.of(":v", n(1), ":unused", n(2)))),
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
    assertValidation(
        () -> dynamo.putItem(r -> r.tableName(AGENTS).item(Map.of("siteId", s("site-1")))),
        "Missing the key agentId in the item");
    assertValidation(
        () -> dynamo.scan(r -> r.tableName(CHATS).indexName(PENDING).consistentRead(true)),
        "Consistent reads are not supported on global secondary indexes");
    assertThatThrownBy(() -> dynamo.getItem(r -> r.tableName("nope").key(agentKey("a1"))))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void returnValuesAndTheOldItemOfAFailedCondition() {
    dynamo.putItem(
        r ->
            r.tableName(AGENTS)
                .item(Map.of("siteId", s("site-1"), "agentId", s("a1"), "rev", n(1))));

    var old =
        dynamo.putItem(
            r ->
                r.tableName(AGENTS)
                    .item(Map.of("siteId", s("site-1"), "agentId", s("a1"), "rev", n(2)))
                    .returnValues(ReturnValue.ALL_OLD));
    assertThat(old.attributes()).containsEntry("rev", n(1));

    var updatedNew =
        dynamo.updateItem(
            r ->
                r.tableName(AGENTS)
                    .key(agentKey("a1"))
                    .updateExpression("ADD rev :one SET tag = :v")
                    .expressionAttributeValues(Map.of(":one", n(1), ":v", s("v")))
                    .returnValues(ReturnValue.UPDATED_NEW));
    assertThat(updatedNew.attributes()).isEqualTo(Map.of("rev", n(3), "tag", s("v")));

    var updatedOld =
        dynamo.updateItem(
            r ->
                r.tableName(AGENTS)
                    .key(agentKey("a1"))
                    .updateExpression("SET tag = :w REMOVE rev")
                    .expressionAttributeValues(Map.of(":w", s("w")))
                    .returnValues(ReturnValue.UPDATED_OLD));
    assertThat(updatedOld.attributes()).isEqualTo(Map.of("rev", n(3), "tag", s("v")));

    var none =
        dynamo.updateItem(
            r ->
                r.tableName(AGENTS)
                    .key(agentKey("a1"))
                    .updateExpression("SET tag = :w")
                    .expressionAttributeValues(Map.of(":w", s("x"))));
    assertThat(none.hasAttributes()).isFalse();
    assertThat(dynamo.item(AGENTS, agentKey("a1")))
        .isEqualTo(Map.of("siteId", s("site-1"), "agentId", s("a1"), "tag", s("x")));
  }

  @Test
  void batchGetItemReturnsTheItemsThatExist() {
    dynamo.putItem(
        r ->
            r.tableName(AGENTS)
                .item(Map.of("siteId", s("site-1"), "agentId", s("a1"), "rev", n(1))));

    var response =
        dynamo.batchGetItem(
            r ->
                r.requestItems(
                    Map.of(
                        AGENTS,
                        KeysAndAttributes.builder()
                            .keys(agentKey("a1"), agentKey("a2"))
                            .projectionExpression("agentId, rev")
                            .build())));

    assertThat(response.responses().get(AGENTS))
        .containsExactly(Map.of("agentId", s("a1"), "rev", n(1)));
    assertThat(response.unprocessedKeys()).isEmpty();
  }

  @Test
  void aFailedConditionCanReturnTheItem() {
    dynamo.putItem(
        r ->
            r.tableName(AGENTS)
                .item(Map.of("siteId", s("site-1"), "agentId", s("a1"), "rev", n(1))));

    assertThatThrownBy(
            () ->
                dynamo.deleteItem(
                    r ->
                        r.tableName(AGENTS)
                            .key(agentKey("a1"))
                            .conditionExpression("rev = :two")
                            .expressionAttributeValues(Map.of(":two", n(2)))
                            .returnValuesOnConditionCheckFailure(
                                ReturnValuesOnConditionCheckFailure.ALL_OLD)))
        .isInstanceOfSatisfying(
            ConditionalCheckFailedException.class,
            failed -> assertThat(failed.item()).containsEntry("rev", n(1)));
  }

  private static void assertValidation(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              assertThat(e.awsErrorDetails().errorMessage()).contains(message);
            });
  }
}
