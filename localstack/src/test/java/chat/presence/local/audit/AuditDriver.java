package chat.presence.local.audit;

import chat.presence.functions.audit.AuditReport;
import chat.presence.functions.audit.Finding;
import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import chat.presence.model.routing.ChatState;
import chat.presence.model.schema.Schema;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Drives audits of a test's runtime: clients that send nothing on their own (the audit runtime's
 * heartbeat timeout is long enough not to need them), writes that plant broken states directly in
 * its tables, and the findings of a fresh audit.
 */
final class AuditDriver {
  private final LocalRuntimeExtension runtime;

  AuditDriver(LocalRuntimeExtension runtime) {
    this.runtime = runtime;
  }

  WsClient agent(String site, String agentId) {
    return connect(site, agentId, "agent", OptionalInt.empty());
  }

  WsClient agent(String site, String agentId, int maxChats) {
    return connect(site, agentId, "agent", OptionalInt.of(maxChats));
  }

  WsClient visitor(String site, String visitorId) {
    return connect(site, visitorId, "visitor", OptionalInt.empty());
  }

  /** The keys ({@link Finding#key()}) of a fresh audit's findings about one site. */
  List<String> findingKeys(String site) {
    return findingsOf(site).stream().map(Finding::key).toList();
  }

  List<Finding> findingsOf(String site) {
    AuditReport report = LocalAudit.run(runtime.runtime());
    return report.findings().stream().filter(f -> site.equals(f.ids().get("site"))).toList();
  }

  /** Changes an agent's item as no handler would. */
  void updateAgent(
      String site, String agentId, String expression, Map<String, AttributeValue> values) {
    dynamo()
        .updateItem(
            r ->
                r.tableName(Schema.AGENTS.logicalName())
                    .key(Map.of("siteId", s(site), "agentId", s(agentId)))
                    .updateExpression(expression)
                    .expressionAttributeValues(values));
  }

  void updateConnection(
      String connectionId, String expression, Map<String, AttributeValue> values) {
    dynamo()
        .updateItem(
            r ->
                r.tableName(Schema.CONNECTIONS.logicalName())
                    .key(Map.of("connectionId", s(connectionId)))
                    .updateExpression(expression)
                    .expressionAttributeValues(values));
  }

  /**
   * Stores a chat without a {@code pendingKey}: the router's queue index does not list it, so the
   * router leaves the planted state alone.
   */
  void putChat(
      String site,
      String chatId,
      ChatState state,
      Optional<String> agentId,
      Instant requestedAt,
      Optional<Long> assignedAgentVersion) {
    var item = new HashMap<String, AttributeValue>();
    item.put("siteId", s(site));
    item.put("chatId", s(chatId));
    item.put("visitorId", s("vic"));
    item.put("chatState", s(state.storedName()));
    item.put("requestedAt", n(requestedAt.toEpochMilli()));
    agentId.ifPresent(agent -> item.put("agentId", s(agent)));
    assignedAgentVersion.ifPresent(version -> item.put("assignedAgentVersion", n(version)));
    if (state == ChatState.ENDED) {
      item.put("endedBy", s("vic"));
      item.put("endedAt", n(requestedAt.toEpochMilli()));
    }
    dynamo().putItem(r -> r.tableName(Schema.CHATS.logicalName()).item(item));
  }

  /** The agent's connection ids as its item lists them. */
  List<String> connectionsOf(String site, String agentId) {
    return runtime.runtime().services().agents().get(site, agentId).orElseThrow().connections().stream()
        .toList();
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static AttributeValue ss(String... values) {
    return AttributeValue.fromSs(List.of(values));
  }

  private DynamoDbClient dynamo() {
    return runtime.runtime().dynamo().client();
  }

  private WsClient connect(String site, String subject, String role, OptionalInt maxChats) {
    return WsClient.connectSilent(runtime.runtime().webSocketUrl(), runtime.token(site, subject, role, maxChats));
  }
}
