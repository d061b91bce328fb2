package chat.presence.local.console;

import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.functions.presence.PresenceFeed;
import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.local.LocalRuntime;
import chat.presence.local.sqs.QueueBacklog;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.schema.Schema;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Reads the on-call snapshot: only reads, and on the emulators' own clients rather than the
 * handlers', so that polling neither meets injected faults nor counts in a benchmark's numbers.
 */
final class OnCallSnapshots {
  private final AgentStore agents;
  private final ConnectionStore connections;
  private final ConnectionsGateway gateway;
  private final PresenceRules rules;
  private final SqsClient sqs;
  private final String routingQueueUrl;
  private final String deadLetterQueueUrl;

  OnCallSnapshots(LocalRuntime runtime) {
    var dynamo = runtime.dynamo().client();
    this.agents = new AgentStore(dynamo, Schema.AGENTS.logicalName(), PresenceFeed.NONE);
    this.connections = new ConnectionStore(dynamo, Schema.CONNECTIONS.logicalName());
    this.gateway = runtime.services().gateway();
    this.rules = runtime.services().rules();
    this.sqs = runtime.sqs().client();
    this.routingQueueUrl = runtime.queues().url();
    this.deadLetterQueueUrl = runtime.queues().deadLetterUrl();
  }

  OnCallSnapshot take() {
    Instant now = Instant.now();
    Map<String, ConnectionRecord> stored =
        connections.all().stream()
            .collect(Collectors.toMap(ConnectionRecord::connectionId, Function.identity()));
    List<OnCallSnapshot.Agent> rows =
        agents.all().stream()
            .sorted(Comparator.comparing(AgentState::siteId).thenComparing(AgentState::agentId))
            .map(agent -> agentRow(agent, stored, now))
            .toList();
    return new OnCallSnapshot(
        now.toEpochMilli(),
        rules.settings().heartbeatTimeout().toMillis() / 1000.0,
        depth(routingQueueUrl),
        depth(deadLetterQueueUrl),
        rows);
  }

  private OnCallSnapshot.Agent agentRow(
      AgentState agent, Map<String, ConnectionRecord> stored, Instant now) {
    return new OnCallSnapshot.Agent(
        agent.siteId(),
        agent.agentId(),
        rules.effectiveStatus(agent, now).wireName(),
        agent.chosenStatus().wireName(),
        agent.activeCount(),
        agent.maxChats(),
        agent.connections().stream()
            .sorted()
            .map(id -> connectionRow(id, Optional.ofNullable(stored.get(id)), now))
            .toList());
  }

  /** Asks the gateway (GetConnection), as the router and the reaper do before they decide. */
  private OnCallSnapshot.Connection connectionRow(
      String connectionId, Optional<ConnectionRecord> stored, Instant now) {
    Optional<Instant> lastActiveAt = gateway.lastActiveAt(connectionId);
    return new OnCallSnapshot.Connection(
        connectionId,
        rules.judge(lastActiveAt, now).name().toLowerCase(Locale.ROOT),
        stored.map(c -> c.connectedAt().toEpochMilli()).orElse(null),
        lastActiveAt.map(Instant::toEpochMilli).orElse(null),
        lastActiveAt.map(at -> (now.toEpochMilli() - at.toEpochMilli()) / 1000.0).orElse(null));
  }

  private OnCallSnapshot.QueueDepth depth(String queueUrl) {
    QueueBacklog backlog = QueueBacklog.of(sqs, queueUrl);
    return new OnCallSnapshot.QueueDepth(backlog.waiting(), backlog.inFlight());
  }
}
