package chat.presence.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.presence.model.schema.Schema;
import chat.presence.model.schema.TableSpec;
import chat.presence.model.settings.Setting;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class DynamoEmulatorIT {
  private static final Map<String, AttributeValue> AGENT =
      Map.of(
          "siteId", AttributeValue.fromS("site-1"),
          "agentId", AttributeValue.fromS("agent-1"),
          "status", AttributeValue.fromS("away"));

  /**
   * A client that gives up half way through a request (an invocation interrupted at its timeout)
   * must not end the emulator. Seen failing before dynalite was started behind its guard: the
   * process exited ("aborted") and every later call was refused.
   */
  @Test
  void aRequestAbandonedHalfSentLeavesTheEmulatorRunning() throws Exception {
    try (DynamoEmulator emulator = DynamoEmulator.start(Optional.empty())) {
      URI endpoint = emulator.endpoint();
      for (int i = 0; i < 3; i++) {
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
          socket.getOutputStream()
              .write(
                  ("POST / HTTP/1.1\r\nHost: " + endpoint.getAuthority()
                          + "\r\nContent-Type: application/x-amz-json-1.0\r\n"
                          + "X-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: 1000\r\n\r\n{\"Lim")
                      .getBytes(StandardCharsets.US_ASCII));
          socket.getOutputStream().flush();
          // Closed at once, mid-body, with a reset: what an interrupted SDK call does.
          socket.setSoLinger(true, 0);
        }
      }
      Thread.sleep(500);

      assertThat(emulator.client().listTables().tableNames()).isNotNull();
    }
  }

  @Test
  void createsEachTableWithItsKeysIndexesAndOnDemandBilling() {
    try (DynamoEmulator emulator = DynamoEmulator.start(Optional.empty())) {
      emulator.createTables(Schema.TABLES, DynamoEmulatorIT::prefixedName);

      assertThat(emulator.client().listTables().tableNames())
          .containsExactlyInAnyOrder("test-agents", "test-connections", "test-chats", "test-sites", "test-visitors");
      TableDescription chats = describe(emulator.client(), Schema.CHATS);
      assertThat(chats.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
      assertThat(chats.keySchema())
          .containsExactly(key("siteId", KeyType.HASH), key("chatId", KeyType.RANGE));
      assertThat(chats.globalSecondaryIndexes())
          .hasSize(2)
          .allSatisfy(index -> assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.ALL))
          .anySatisfy(
              index -> {
                assertThat(index.indexName()).isEqualTo(Schema.CHATS_PENDING_INDEX);
                assertThat(index.keySchema())
                    .containsExactly(key("siteId", KeyType.HASH), key("pendingKey", KeyType.RANGE));
              })
          .anySatisfy(
              index -> {
                assertThat(index.indexName()).isEqualTo(Schema.CHATS_BY_VISITOR_INDEX);
                assertThat(index.keySchema()).containsExactly(key("visitorKey", KeyType.HASH));
              });
      assertThat(describe(emulator.client(), Schema.AGENTS).globalSecondaryIndexes()).isEmpty();
    }
  }

  @Test
  void creatingTablesAgainKeepsTheirItems() {
    try (DynamoEmulator emulator = DynamoEmulator.start(Optional.empty())) {
      emulator.createTables(List.of(Schema.AGENTS), DynamoEmulatorIT::prefixedName);
      putAgent(emulator.client());

      emulator.createTables(List.of(Schema.AGENTS), DynamoEmulatorIT::prefixedName);

      assertThat(getAgent(emulator.client())).isEqualTo(AGENT);
    }
  }

  @Test
  void dataWrittenToADataFolderSurvivesARestart(@TempDir Path dataDir) {
    try (DynamoEmulator first = DynamoEmulator.start(Optional.of(dataDir))) {
      first.createTables(List.of(Schema.AGENTS), DynamoEmulatorIT::prefixedName);
      putAgent(first.client());
    }

    try (DynamoEmulator second = DynamoEmulator.start(Optional.of(dataDir))) {
      assertThat(getAgent(second.client())).isEqualTo(AGENT);
    }
  }

  @Test
  void closeStopsTheEmulator() {
    DynamoEmulator emulator = DynamoEmulator.start(Optional.empty());
    URI endpoint = emulator.endpoint();

    emulator.close();

    assertThatThrownBy(() -> new Socket(endpoint.getHost(), endpoint.getPort()).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void missingNodeIsReportedWithTheVariableThatNamesIt() {
    Map<String, String> env = Map.of(Setting.NODE.envName(), "/no/such/node");

    assertThatThrownBy(() -> DynamoEmulator.start(Optional.empty(), env))
        .isInstanceOf(EmulatorException.class)
        .hasMessageContaining("/no/such/node")
        .hasMessageContaining(Setting.NODE.envName());
  }

  @Test
  void dynaliteHomeWithoutDynaliteIsReported(@TempDir Path emptyHome) {
    Map<String, String> env = Map.of(Setting.DYNALITE_HOME.envName(), emptyHome.toString());

    assertThatThrownBy(() -> DynamoEmulator.start(Optional.empty(), env))
        .isInstanceOf(EmulatorException.class)
        .hasMessageContaining(Setting.DYNALITE_HOME.envName())
        .hasMessageContaining(emptyHome.toString());
  }

  private static String prefixedName(TableSpec spec) {
    return "test-" + spec.logicalName();
  }

  private static TableDescription describe(DynamoDbClient client, TableSpec spec) {
    return client.describeTable(r -> r.tableName(prefixedName(spec))).table();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static void putAgent(DynamoDbClient client) {
    client.putItem(r -> r.tableName(prefixedName(Schema.AGENTS)).item(AGENT));
  }

  private static Map<String, AttributeValue> getAgent(DynamoDbClient client) {
    return client
        .getItem(
            r ->
                r.tableName(prefixedName(Schema.AGENTS))
                    .key(Map.of("siteId", AGENT.get("siteId"), "agentId", AGENT.get("agentId")))
                    .consistentRead(true))
        .item();
  }
}
