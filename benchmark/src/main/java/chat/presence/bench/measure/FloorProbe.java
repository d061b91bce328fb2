package chat.presence.bench.measure;

import chat.presence.functions.Services;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.model.presence.AgentState;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatRouting;
import chat.presence.model.routing.RoutingRules;
import chat.presence.model.wire.ServerMessages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The floor under the assign latency: the storage operations one assignment needs, back to back on
 * the same emulators with no other load: a consistent Query of the site's agents, a GetConnection,
 * the conditional UpdateItem on the agent, the chat's UpdateItems (assignment, then announced), and
 * the posts to {@code @connections} (each of the agent's connections and the visitor's). It calls
 * the project's own stores through clients of its own, so the run's capacity counts are untouched.
 */
public final class FloorProbe {
  static final String QUERY = "Query site's agents (consistent)";
  static final String GET_CONNECTION = "GetConnection";
  static final String ASSIGN = "UpdateItem agent (conditional)";
  /** The grant's step: one conditional write on the quiet emulator. */
  public static final String ASSIGN_STEP = ASSIGN;
  static final String RECORD = "UpdateItem chat (assignment)";
  static final String POSTS = "PostToConnection (agent's and visitor's)";
  static final String ANNOUNCED = "UpdateItem chat (announced)";

  /** The whole sequence's latency, and each step's. */
  public record Result(LatencySummary total, Map<String, LatencySummary> steps, int failedSamples) {}

  private final Services services;

  public FloorProbe(Services services) {
    this.services = services;
  }

  /**
   * @param siteId a site whose agents are connected, available and free
   * @param visitorId a connected visitor of the site
   */
  public Result measure(String siteId, String visitorId, int samples) {
    // The first assignments pay for class loading and JIT compilation; they are not the floor.
    int warmup = Math.max(1, samples / 10);
    List<String> visitorConnections =
        services.connections().ofUser(siteId, visitorId).stream().map(ConnectionRecord::connectionId).toList();
    Map<String, List<Long>> steps = emptySteps();
    List<Long> totals = new ArrayList<>();
    int failed = 0;
    for (int i = -warmup; i < samples; i++) {
      String chatId = "floor-" + i;
      services.chats().create(siteId, chatId, visitorId, ChatRouting.ANYONE, services.clock().instant());
      Map<String, List<Long>> stepTimes = i < 0 ? emptySteps() : steps;
      Optional<Long> total = assignOnce(siteId, chatId, visitorId, visitorConnections, stepTimes);
      if (i >= 0) {
        total.ifPresent(totals::add);
        failed += total.isEmpty() ? 1 : 0;
      }
      services.chats().end(siteId, chatId, visitorId, services.clock().instant());
    }
    Map<String, LatencySummary> stepSummaries = new LinkedHashMap<>();
    steps.forEach((step, nanos) -> stepSummaries.put(step, LatencySummary.ofNanos(nanos)));
    return new Result(LatencySummary.ofNanos(totals), stepSummaries, failed);
  }

  private static Map<String, List<Long>> emptySteps() {
    Map<String, List<Long>> steps = new LinkedHashMap<>();
    for (String step : List.of(QUERY, GET_CONNECTION, ASSIGN, RECORD, POSTS, ANNOUNCED)) {
      steps.put(step, new ArrayList<>());
    }
    return steps;
  }

  /** One assignment's storage work, timed step by step; the agent's seat is given back after. */
  private Optional<Long> assignOnce(
      String siteId, String chatId, String visitorId, List<String> visitorConnections, Map<String, List<Long>> steps) {
    Stopwatch watch = new Stopwatch(steps);
    List<AgentState> agents = services.agents().ofSite(siteId);
    watch.lap(QUERY);
    Optional<AgentState> candidate = RoutingRules.rankEligible(agents).stream().findFirst();
    if (candidate.isEmpty()) {
      return Optional.empty();
    }
    String agentId = candidate.get().agentId();
    services.gateway().lastActiveAt(candidate.get().connections().iterator().next());
    watch.lap(GET_CONNECTION);
    Instant now = services.clock().instant();
    long generation = 1;
    Optional<AgentState> assigned = services.agents().grant(siteId, agentId, chatId, generation, Optional.empty(), now);
    watch.lap(ASSIGN);
    if (assigned.isEmpty()) {
      return Optional.empty();
    }
    Optional<Chat> recorded =
        services
            .chats()
            .recordAssignment(
                siteId, chatId, agentId, generation, now, assigned.get().version(), Optional.empty(), Optional.empty());
    watch.lap(RECORD);
    String frame = ServerMessages.chatAssigned(chatId, siteId, agentId, visitorId);
    assigned.get().connections().forEach(connection -> services.gateway().send(connection, frame));
    visitorConnections.forEach(connection -> services.gateway().send(connection, frame));
    watch.lap(POSTS);
    recorded.ifPresent(chat -> services.chats().recordAnnounced(chat, now));
    watch.lap(ANNOUNCED);
    long total = watch.total();
    services.agents().release(siteId, agentId, chatId, generation);
    return Optional.of(total);
  }

  /** Times consecutive steps into their lists. */
  private static final class Stopwatch {
    private final Map<String, List<Long>> steps;
    private final long start = System.nanoTime();
    private long last = start;

    Stopwatch(Map<String, List<Long>> steps) {
      this.steps = steps;
    }

    void lap(String step) {
      long now = System.nanoTime();
      steps.get(step).add(now - last);
      last = now;
    }

    long total() {
      return last - start;
    }
  }
}
