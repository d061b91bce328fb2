package chat.presence.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.functions.presence.PresenceFeed;
import chat.presence.functions.store.AgentStore;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.presence.EffectiveStatus;
import chat.presence.model.presence.StatusChange;
import chat.presence.model.presence.TransitionReason;
import chat.presence.model.routing.ChatRouting;
import chat.presence.model.schema.Schema;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Every write of an agent's item is billed by the item's size in 1 KB units, and an agent is written
 * at each connect, disconnect, status change, grant and release: the largest item an agent reaches
 * in normal use must cost one unit, as dynalite (which sizes items as DynamoDB does) bills it.
 */
class AgentItemWriteCostIT {
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

  private static DynamoEmulator emulator;
  private static DynamoDbClient dynamo;
  private static String table;

  @BeforeAll
  static void startEmulator() {
    emulator = DynamoEmulator.start(Optional.empty());
    emulator.createTables(Schema.TABLES, spec -> spec.logicalName());
    dynamo = emulator.client();
    table = Schema.AGENTS.logicalName();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  /**
   * Seen costing 2 units while the timeline was stored as a list of maps (this agent's item was
   * over 1 KB), before each entry became one short string.
   */
  @Test
  void aWriteToTheFullestAgentCostsOneUnit() {
    AgentStore agents = new AgentStore(dynamo, table, PresenceFeed.NONE);
    Identity agent =
        new Identity(
            "site-of-a-realistic-length",
            "agent-" + UUID.randomUUID(),
            Role.AGENT,
            3,
            Set.of("billing", "sales-emea", "technical-support"));
    List<StatusChange> history = fullTimeline();
    AgentState state =
        agents.connect(agent, connectionId(), ChosenStatus.AVAILABLE, 0, history.subList(0, 1), T0).orElseThrow();
    for (int i = 0; i < 2; i++) {
      state = agents.attachWhileOnline(agent, connectionId(), ChosenStatus.AVAILABLE, T0).orElseThrow();
    }
    state =
        agents
            .setStatus(agent.siteId(), agent.userId(), ChosenStatus.AVAILABLE, state.version(), history)
            .orElseThrow();
    for (int i = 0; i < agent.maxChats(); i++) {
      state =
          agents
              .grant(agent.siteId(), agent.userId(), UUID.randomUUID().toString(), 1_000 + i, ChatRouting.ANYONE.group(), T0)
              .orElseThrow();
    }
    assertThat(state.connections()).hasSize(3);
    assertThat(state.holdings()).hasSize(3);
    assertThat(state.history()).hasSize(StatusChange.HISTORY_LIMIT);

    double units =
        dynamo
            .updateItem(
                r ->
                    r.tableName(table)
                        .key(Map.of("siteId", AttributeValue.fromS(agent.siteId()), "agentId", AttributeValue.fromS(agent.userId())))
                        .updateExpression("SET chosenStatus = :s")
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("away")))
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
            .consumedCapacity()
            .capacityUnits();

    assertThat(units).isEqualTo(1.0);
  }

  /**
   * Ten entries, every other one a supervisor's (named by a long id): the longest a timeline gets
   * short of a supervisor forcing every change.
   */
  private static List<StatusChange> fullTimeline() {
    List<StatusChange> history = new ArrayList<>();
    for (int i = 0; i < StatusChange.HISTORY_LIMIT; i++) {
      history.add(
          new StatusChange(
              i % 2 == 0 ? EffectiveStatus.AVAILABLE : EffectiveStatus.AWAY,
              i % 2 == 0 ? TransitionReason.ADMIN : TransitionReason.USER,
              T0.plusSeconds(i),
              100_000 + i,
              i % 2 == 0 ? Optional.of("supervisor-" + UUID.randomUUID()) : Optional.empty()));
    }
    return history;
  }

  /** API Gateway's connection ids are 16 characters. */
  private static String connectionId() {
    return UUID.randomUUID().toString().substring(0, 16);
  }
}
