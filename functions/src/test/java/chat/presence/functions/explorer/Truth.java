package chat.presence.functions.explorer;

import chat.presence.functions.fakes.FakeDynamoDb.Commit;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What really happened, from every write the fake DynamoDB committed, in commit order: each agent's
 * chosen status at each of its versions, and the write that granted each holding. Checks the
 * invariants that hold at the instant of a write:
 *
 * <ul>
 *   <li>a grant is made only to an agent that was available, connected and below capacity, and of
 *       the chat's group unless the chat had waited the overflow time;
 *   <li>a chat is recorded as assigned only to the agent holding its current generation, by the
 *       grant that made that holding (the recorded version is that grant's), made after the chat last
 *       went into the queue, at a version where the agent had chosen available;
 *   <li>an ended chat stays ended;
 *   <li>a chat ends because its visitor left only if no connection of the visitor has been live
 *       since before the grace period began, and because it waited too long only if it was queued
 *       and had waited the longest allowed.
 * </ul>
 */
final class Truth {
  private record Grant(long sequence, long agentVersion) {}

  private final World world;
  private final Map<String, TreeMap<Long, String>> chosenByVersion = new HashMap<>();
  private final Map<String, Grant> grants = new HashMap<>();
  /** For each chat, the write that last put it in the queue: a grant older than that is stale. */
  private final Map<String, Long> queuedSince = new HashMap<>();
  private Violation violation;
  private int assignments;
  private int requeues;
  private int offers;
  private int withdrawals;
  private int abandoned;
  private int timedOut;
  private int grantsForGroups;
  private int overflows;
  private int transfers;

  Truth(World world) {
    this.world = world;
  }

  /** The first violation seen at a write, if any; cleared by reading it. */
  Optional<Violation> takeViolation() {
    Optional<Violation> seen = Optional.ofNullable(violation);
    violation = null;
    return seen;
  }

  void onCommit(Commit commit) {
    if (commit.table().equals("agents")) {
      commit.after().ifPresent(after -> onAgent(commit.sequence(), commit.before(), after));
    } else if (commit.table().equals("chats")) {
      commit.after().ifPresent(after -> onChat(commit.sequence(), commit.before(), after));
    }
  }

  private void onAgent(long sequence, Optional<Map<String, AttributeValue>> before, Map<String, AttributeValue> after) {
    String agent = string(after, "agentId");
    long version = number(after, "rev");
    chosenByVersion.computeIfAbsent(agent, a -> new TreeMap<>()).put(version, string(after, "chosenStatus"));
    Map<String, AttributeValue> held = map(after, "holds");
    Map<String, AttributeValue> heldBefore = before.map(b -> map(b, "holds")).orElse(Map.of());
    for (var entry : held.entrySet()) {
      AttributeValue previous = heldBefore.get(entry.getKey());
      if (previous != null && previous.equals(entry.getValue())) {
        continue;
      }
      Map<String, AttributeValue> pre = before.orElse(Map.of());
      boolean eligible =
          "available".equals(stringOrNull(pre, "chosenStatus"))
              && pre.containsKey("conns")
              && !pre.containsKey("unresponsiveSince")
              && heldBefore.size() < number(pre, "maxChats");
      if (!eligible) {
        fail("GRANT_TO_INELIGIBLE", "agent " + agent + " was granted chat " + entry.getKey() + " while " + pre);
      }
      checkGroup(agent, entry.getKey(), Long.parseLong(entry.getValue().n()), pre);
      grants.put(agent + "/" + entry.getKey() + "/" + entry.getValue().n(), new Grant(sequence, version));
    }
  }

  /**
   * A chat for a group goes to an agent outside it only once it has waited the overflow time: the
   * agent's groups and the chat's wait as they were when the grant was written.
   */
  private void checkGroup(String agent, String chatId, long generation, Map<String, AttributeValue> agentBefore) {
    Map<String, AttributeValue> chat =
        world.dynamo.item("chats", Map.of("siteId", agentBefore.get("siteId"), "chatId", AttributeValue.fromS(chatId)));
    if (chat != null && isTransferAttempt(chat, agent, generation)) {
      return;
    }
    String group = chat == null ? null : stringOrNull(chat, "forGroup");
    if (group == null) {
      return;
    }
    grantsForGroups++;
    AttributeValue groups = agentBefore.get("inGroups");
    if (groups != null && groups.ss().contains(group)) {
      return;
    }
    Duration overflow = world.services.routingSettings().groupOverflow();
    Instant waitingSince = Instant.ofEpochMilli(number(chat, "waitingSince"));
    Instant now = world.clock.instant();
    if (overflow.isZero() || now.isBefore(waitingSince.plus(overflow))) {
      fail(
          "GRANT_OUTSIDE_GROUP",
          "agent " + agent + " (groups " + groups + ") was granted chat " + chatId + " for " + group
              + " at " + now + ", waiting since " + waitingSince);
    }
    overflows++;
  }

  /**
   * A grant made by a transfer to an agent: the chat names the agent as its attempt's target. It is
   * the sender's choice, so groups do not bind it.
   */
  private boolean isTransferAttempt(Map<String, AttributeValue> chat, String agent, long generation) {
    if (!agent.equals(stringOrNull(chat, "transferTo")) || number(chat, "transferGen") != generation) {
      return false;
    }
    transfers++;
    return true;
  }

  int transfers() {
    return transfers;
  }

  int grantsForGroups() {
    return grantsForGroups;
  }

  int overflows() {
    return overflows;
  }

  int assignments() {
    return assignments;
  }

  int requeues() {
    return requeues;
  }

  int offers() {
    return offers;
  }

  int abandoned() {
    return abandoned;
  }

  int timedOut() {
    return timedOut;
  }

  /** Offers that came back unaccepted: declined, expired, or taken from an agent gone offline. */
  int withdrawals() {
    return withdrawals;
  }

  private void onChat(
      long sequence, Optional<Map<String, AttributeValue>> before, Map<String, AttributeValue> after) {
    String was = before.map(b -> stringOrNull(b, "chatState")).orElse(null);
    if ("ended".equals(was) && !"ended".equals(string(after, "chatState"))) {
      fail("ENDED_CHAT_REOPENED", "chat " + string(after, "chatId") + " went from ended to " + string(after, "chatState"));
    }
    if (!"ended".equals(was) && "ended".equals(string(after, "chatState"))) {
      onEnded(was, after);
    }
    if ("queued".equals(string(after, "chatState")) && "assigned".equals(was)) {
      requeues++;
    }
    if ("queued".equals(string(after, "chatState")) && "offered".equals(was)) {
      withdrawals++;
    }
    if ("offered".equals(string(after, "chatState")) && !"offered".equals(was)) {
      offers++;
    }
    boolean entersQueue =
        "queued".equals(string(after, "chatState"))
            && (before.isEmpty()
                || !"queued".equals(stringOrNull(before.get(), "chatState"))
                || number(before.get(), "gen") != number(after, "gen"));
    if (entersQueue) {
      queuedSince.put(string(after, "chatId"), sequence);
    }
    if (!isHeld(string(after, "chatState"))) {
      return;
    }
    // An offer accepted stays the same grant: only a chat newly given to an agent is checked.
    boolean newlyAssigned =
        before.isEmpty()
            || !isHeld(stringOrNull(before.get(), "chatState"))
            || !string(after, "agentId").equals(stringOrNull(before.get(), "agentId"))
            || number(before.get(), "gen") != number(after, "gen");
    if (!newlyAssigned) {
      return;
    }
    assignments++;
    String chat = string(after, "chatId");
    String agent = string(after, "agentId");
    long generation = number(after, "gen");
    long recordedVersion = number(after, "assignedAgentVersion");
    Map<String, AttributeValue> agentItem =
        world.dynamo.item("agents", Map.of("siteId", after.get("siteId"), "agentId", after.get("agentId")));
    AttributeValue holding = agentItem == null ? null : map(agentItem, "holds").get(chat);
    if (holding == null || Long.parseLong(holding.n()) != generation) {
      fail("ASSIGNED_WITHOUT_ITS_GRANT", "chat " + chat + " recorded for " + agent + " generation " + generation + " but the agent holds " + holding);
      return;
    }
    Grant grant = grants.get(agent + "/" + chat + "/" + generation);
    if (grant != null && grant.sequence() < queuedSince.getOrDefault(chat, 0L)) {
      fail("ASSIGNMENT_COMPLETES_A_STALE_GRANT", "chat " + chat + " recorded for " + agent + " by a grant made before the chat last went back to the queue");
    }
    if (grant == null || grant.agentVersion() != recordedVersion) {
      fail("ASSIGNMENT_COMPLETES_A_GRANT_IT_DID_NOT_MAKE", "chat " + chat + " recorded for " + agent + " at version " + recordedVersion + ", granted at " + grant);
    }
    var chosen = chosenByVersion.getOrDefault(agent, new TreeMap<>()).floorEntry(recordedVersion);
    if (chosen == null || !"available".equals(chosen.getValue())) {
      fail("ASSIGNED_TO_AN_AGENT_WHO_CHOSE_AWAY", "chat " + chat + " recorded for " + agent + " at version " + recordedVersion + ", when it had chosen " + chosen);
    }
  }

  private void onEnded(String was, Map<String, AttributeValue> after) {
    String chat = string(after, "chatId");
    String by = string(after, "endedBy");
    Instant now = world.clock.instant();
    if (by.equals("visitor_left")) {
      abandoned++;
      Duration grace = world.rules.settings().offlineGrace();
      Duration heartbeatTimeout = world.rules.settings().heartbeatTimeout();
      String visitor = string(after, "visitorId");
      world.tabs().values().stream()
          .filter(t -> t.userId().equals(visitor))
          .map(t -> world.gateway.connection(t.connectionId()).orElseThrow())
          .filter(c -> Invariants.continuouslyLive(c, heartbeatTimeout))
          .filter(c -> c.connectedAt().isBefore(now.minus(grace)))
          .findFirst()
          .ifPresent(
              c ->
                  fail(
                      "ENDED_WHILE_ITS_VISITOR_WAS_THERE",
                      "chat " + chat + " ended visitor_left at " + now + " while " + visitor + "'s connection "
                          + c.id() + " has been live since " + c.connectedAt()));
    } else if (by.equals("timeout")) {
      timedOut++;
      Instant waitingSince = Instant.ofEpochMilli(number(after, "waitingSince"));
      if (!"queued".equals(was)
          || now.isBefore(waitingSince.plus(world.services.routingSettings().maxQueueWait()))) {
        fail("TIMED_OUT_EARLY", "chat " + chat + " was " + was + " and waiting since " + waitingSince + " when it timed out at " + now);
      }
    }
  }

  /** Assigned, or offered: either way an agent's grant holds it. */
  private static boolean isHeld(String chatState) {
    return "assigned".equals(chatState) || "offered".equals(chatState);
  }

  private void fail(String kind, String detail) {
    if (violation == null) {
      violation = new Violation(kind, detail);
    }
  }

  private static Map<String, AttributeValue> map(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || !value.hasM() ? Map.of() : value.m();
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    return item.get(name).s();
  }

  private static String stringOrNull(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  private static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
  }
}
