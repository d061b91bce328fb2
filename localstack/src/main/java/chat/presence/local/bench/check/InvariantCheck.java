package chat.presence.local.bench.check;

import chat.presence.local.bench.sim.ChatRecord;
import chat.presence.local.bench.sim.PhaseResult;
import chat.presence.local.bench.sim.SimAgent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Checks everything a phase observed against the stored chats:
 *
 * <ul>
 *   <li>every {@code chat.assigned} an agent received: the stored chat names that agent, and the
 *       agent's last acknowledged status at the chat's {@code assignedAgentVersion} was available
 *       (the method of the routing storm test);
 *   <li>no chat reached two agents, and the visitor was told the stored agent;
 *   <li>capacity: no agent held more than its {@code maxChats} at any instant, counting each chat
 *       from its stored {@code assignedAt} to its {@code endedAt}. The seat is freed only after the
 *       end is stored, so this count never exceeds what the agent really held.
 * </ul>
 *
 * A chat may legitimately move to another agent when its agent goes offline, so the two-agent
 * checks are skipped for agents that lost a connection during the phase (which is reported).
 */
public final class InvariantCheck {
  private InvariantCheck() {}

  public static List<Violation> check(PhaseResult phase, DynamoDbClient dynamo) {
    Map<String, StoredChat> stored = new HashMap<>();
    for (int s = 0; s < phase.spec().sites(); s++) {
      stored.putAll(StoredChat.ofSite(dynamo, phase.spec().siteId(s)));
    }
    Map<String, SimAgent> agents = new HashMap<>();
    phase.agents().forEach(a -> agents.put(a.agentId(), a));
    List<Violation> violations = new ArrayList<>();
    for (ChatRecord chat : phase.chats()) {
      checkAnnouncements(chat, stored.get(chat.chatId()), agents, violations);
    }
    for (SimAgent agent : phase.agents()) {
      checkCapacity(agent, stored.values(), violations);
    }
    return violations;
  }

  private static void checkAnnouncements(
      ChatRecord chat, StoredChat stored, Map<String, SimAgent> agents, List<Violation> violations) {
    Set<String> receivers = chat.agentReceipts().keySet();
    if (receivers.isEmpty()) {
      return;
    }
    if (stored == null) {
      violations.add(new Violation(Violation.NOT_STORED, "chat " + chat.chatId() + " announced to " + receivers));
      return;
    }
    boolean reassignable = receivers.stream().anyMatch(id -> agents.get(id).connectionsLost() > 0);
    if (receivers.size() > 1 && !reassignable) {
      violations.add(new Violation(Violation.TWO_AGENTS, "chat " + chat.chatId() + " announced to " + receivers));
    }
    String holder = stored.agentId().orElse("(none)");
    for (String receiver : receivers) {
      SimAgent agent = agents.get(receiver);
      if (!agent.siteId().equals(chat.siteId())) {
        violations.add(
            new Violation(
                Violation.OTHER_AGENT,
                "chat " + chat.chatId() + " of " + chat.siteId() + " announced to " + receiver + " of " + agent.siteId()));
      } else if (!receiver.equals(holder)) {
        if (!reassignable) {
          violations.add(
              new Violation(
                  Violation.OTHER_AGENT,
                  "chat " + chat.chatId() + " announced to " + receiver + " but stored for " + holder));
        }
      } else {
        checkStatusAtAssignment(chat, stored, agent, violations);
      }
    }
    chat.visitorToldAgent()
        .filter(told -> !told.equals(holder) && !reassignable)
        .ifPresent(
            told ->
                violations.add(
                    new Violation(
                        Violation.VISITOR_TOLD_OTHER_AGENT,
                        "chat " + chat.chatId() + ": visitor told " + told + ", stored " + holder)));
  }

  /** The agent's status at the assignment is the last one acknowledged at or before its version. */
  private static void checkStatusAtAssignment(
      ChatRecord chat, StoredChat stored, SimAgent agent, List<Violation> violations) {
    if (stored.assignedAgentVersion().isEmpty()) {
      violations.add(new Violation(Violation.NO_VERSION, "chat " + chat.chatId() + " of " + agent.agentId()));
      return;
    }
    long version = stored.assignedAgentVersion().getAsLong();
    var lastAcked = new TreeMap<>(agent.ackedStatusByVersion()).floorEntry(version);
    // Before its first acknowledged change the agent has the status it connected with: available.
    String status = lastAcked == null ? "available" : lastAcked.getValue();
    if (!"available".equals(status)) {
      violations.add(
          new Violation(
              Violation.AWAY_AT_ASSIGNMENT,
              String.format(
                  "chat %s assigned to %s at version %d; status %s acknowledged at version %d",
                  chat.chatId(), agent.agentId(), version, status, lastAcked.getKey())));
    }
  }

  private static void checkCapacity(SimAgent agent, Collection<StoredChat> stored, List<Violation> violations) {
    List<long[]> edges = new ArrayList<>();
    for (StoredChat chat : stored) {
      if (chat.agentId().filter(agent.agentId()::equals).isEmpty() || chat.assignedAtMillis().isEmpty()) {
        continue;
      }
      edges.add(new long[] {chat.assignedAtMillis().getAsLong(), +1});
      chat.endedAtMillis().ifPresent(end -> edges.add(new long[] {end, -1}));
    }
    // At equal times an end counts before a start: the seat was free by then.
    edges.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
    int held = 0;
    for (long[] edge : edges) {
      held += (int) edge[1];
      if (held > agent.maxChats()) {
        violations.add(
            new Violation(
                Violation.OVER_CAPACITY,
                String.format(
                    "%s held %d chats (max %d) at %d; its chats: %s",
                    agent.agentId(),
                    held,
                    agent.maxChats(),
                    edge[0],
                    stored.stream()
                        .filter(c -> c.agentId().filter(agent.agentId()::equals).isPresent())
                        .map(StoredChat::chatId)
                        .collect(Collectors.joining(",")))));
        return;
      }
    }
  }
}
