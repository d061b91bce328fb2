package chat.presence.functions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.functions.fakes.FakeDynamoDb;
import chat.presence.functions.presence.PresenceFeed;
import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ChatStore;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.model.presence.ChosenStatus;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.presence.PresenceSettings;
import chat.presence.model.routing.RoutingSettings;
import chat.presence.model.schema.Schema;
import chat.presence.model.wire.Identity;
import chat.presence.model.wire.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One failure costs the audit only what it touches (issue 15): a gateway question that fails, or
 * time that runs out, leaves those agents unjudged and the rest judged; a check that fails is
 * reported and the others still run. Seen before the change: the gateway's exception ended the
 * whole audit, and a check's exception ended it too.
 */
class AuditIsolationTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final String SITE = "s1";

  private final FakeDynamoDb dynamo = new FakeDynamoDb(Schema.TABLES);
  private final AgentStore agents = new AgentStore(dynamo, Schema.AGENTS.logicalName(), PresenceFeed.NONE);
  private final ConnectionStore connections = new ConnectionStore(dynamo, Schema.CONNECTIONS.logicalName());
  private final ChatStore chats = new ChatStore(dynamo, Schema.CHATS.logicalName());

  /** An agent available on one connection, registered ten minutes ago. */
  private void connected(String agentId, String connectionId) {
    Identity agent = new Identity(SITE, agentId, Role.AGENT, 2);
    Instant connectedAt = NOW.minus(Duration.ofMinutes(10));
    connections.put(connectionId, agent, connectedAt);
    agents.connect(agent, connectionId, ChosenStatus.AVAILABLE, 0, List.of(), connectedAt);
  }

  private Audit audit(ConnectionsGateway gateway, Clock clock) {
    return audit(gateway, clock, new EmptyQueue());
  }

  private Audit audit(ConnectionsGateway gateway, Clock clock, SqsClient deadLetterSqs) {
    return new Audit(
        agents,
        chats,
        connections,
        gateway,
        new DeadLetterQueue(deadLetterSqs, "https://sqs.local/000000000000/presence-routing-dlq.fifo"),
        new PresenceRules(PresenceSettings.DEFAULTS),
        AuditSettings.DEFAULTS,
        RoutingSettings.DEFAULTS,
        clock);
  }

  @Test
  void anAgentWhoseGatewayQuestionFailsIsLeftUnjudgedAndTheOthersAreJudged() {
    connected("ann", "c-ann");
    connected("bob", "c-bob");
    ConnectionsGateway gateway =
        new Gateway(
            id -> {
              if (id.equals("c-bob")) {
                throw new IllegalStateException("throttled");
              }
              return Optional.empty();
            });

    AuditReport report = audit(gateway, Clock.fixed(NOW, ZoneOffset.UTC)).run();

    assertThat(report.findings())
        .extracting(Finding::key)
        .containsExactly("ONLINE_WITHOUT_LIVE_CONNECTION site=s1 agent=ann");
    assertThat(report.notices()).anyMatch(notice -> notice.startsWith("NOTICE UNASKED agents=1:"));
  }

  @Test
  void agentsNotReachedWithinTheBudgetAreLeftUnjudged() {
    connected("ann", "c-ann");
    connected("bob", "c-bob");
    connected("cy", "c-cy");
    MovingClock clock = new MovingClock();
    // Each question takes two seconds: two fit in the three-second budget, the third does not.
    ConnectionsGateway gateway =
        new Gateway(
            id -> {
              clock.now = clock.now.plusSeconds(2);
              return Optional.empty();
            });

    AuditReport report = audit(gateway, clock).run();

    assertThat(report.findings()).hasSize(2).allMatch(f -> f.kind() == FindingKind.ONLINE_WITHOUT_LIVE_CONNECTION);
    assertThat(report.agents()).isEqualTo(3);
    assertThat(report.notices()).anyMatch(notice -> notice.startsWith("NOTICE UNASKED agents=1:"));
  }

  @Test
  void aDeadLetterQueueThatCannotBeReadIsAFindingAndTheAgentsAreStillJudged() {
    // Before DeadLetterQueue caught its failure, the whole audit threw here and judged nobody.
    connected("ann", "c-ann");

    AuditReport report =
        audit(new Gateway(id -> Optional.empty()), Clock.fixed(NOW, ZoneOffset.UTC), new UnreadableQueue()).run();

    assertThat(report.findings())
        .extracting(Finding::key)
        .containsExactlyInAnyOrder(
            "ONLINE_WITHOUT_LIVE_CONNECTION site=s1 agent=ann",
            "CHECK_FAILED check=DeadLetterQueue queue=presence-routing-dlq.fifo");
  }

  @Test
  void aFailingCheckIsReportedAndTheOtherChecksStillRun() {
    InvariantCheck broken =
        snapshot -> {
          throw new IllegalStateException("bug");
        };
    InvariantCheck deadLetters =
        new RoutingProgressCheck(
            new PresenceRules(PresenceSettings.DEFAULTS), AuditSettings.DEFAULTS.maxQueueWait(), RoutingSettings.DEFAULTS);
    AuditSnapshot snapshot =
        new AuditSnapshot(NOW, List.of(), List.of(), new DeadLetterCount("presence-routing-dlq.fifo", 2));

    AuditReport report = new Auditor(List.of(broken, deadLetters)).audit(snapshot);

    assertThat(report.findings())
        .extracting(Finding::kind)
        .containsExactlyInAnyOrder(FindingKind.CHECK_FAILED, FindingKind.DEAD_LETTERS);
  }

  private record Gateway(Function<String, Optional<Instant>> answers) implements ConnectionsGateway {
    @Override
    public boolean send(String connectionId, String frame) {
      return false;
    }

    @Override
    public Optional<Instant> lastActiveAt(String connectionId) {
      return answers.apply(connectionId);
    }

    @Override
    public void close(String connectionId) {}
  }

  private static final class MovingClock extends Clock {
    Instant now = NOW;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** A dead-letter queue whose count the caller may not read. */
  private static final class UnreadableQueue implements SqsClient {
    @Override
    public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
      throw new IllegalStateException("AccessDenied");
    }

    @Override
    public String serviceName() {
      return "sqs";
    }

    @Override
    public void close() {}
  }

  /** A dead-letter queue that holds nothing. */
  private static final class EmptyQueue implements SqsClient {
    @Override
    public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
      return GetQueueAttributesResponse.builder()
          .attributes(Map.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
          .build();
    }

    @Override
    public String serviceName() {
      return "sqs";
    }

    @Override
    public void close() {}
  }
}
