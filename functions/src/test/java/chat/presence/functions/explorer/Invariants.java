package chat.presence.functions.explorer;

import chat.presence.functions.fakes.FakeGateway;
import chat.presence.functions.fakes.FakeGateway.CloseCause;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.model.presence.AgentState;
import chat.presence.model.presence.EffectiveStatus;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatState;
import chat.presence.model.routing.RoutingRules;
import chat.presence.model.wire.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The promise, checked against the stored state and the fakes' record of what clients did. {@link
 * #afterEachStep} holds at every moment; {@link #atQuiescence} once faults have stopped and every
 * timer has run out.
 */
final class Invariants {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How late a timer may act: its delay is rounded up to whole seconds, and a pass takes time. */
  private static final Duration SLACK = Duration.ofSeconds(30);

  private final World world;
  private final Duration heartbeatTimeout;
  private final Duration grace;

  Invariants(World world) {
    this.world = world;
    this.heartbeatTimeout = world.rules.settings().heartbeatTimeout();
    this.grace = world.rules.settings().offlineGrace();
  }

  void afterEachStep() {
    world.truth.takeViolation().ifPresent(v -> {
      throw v;
    });
    oneAnswerPerRequest();
    onePresencePerVersion();
    Instant now = world.clock.instant();
    for (AgentState agent : world.services.agents().all()) {
      // Between its grant and its release a transfer holds the chat twice: never past capacity.
      if (agent.activeCount() > agent.maxChats()) {
        throw new Violation("OVER_CAPACITY", agent.toString());
      }
      if (world.rules.effectiveStatus(agent, now) != EffectiveStatus.OFFLINE) {
        continue;
      }
      for (FakeGateway.Connection connection : connectionsOf(agent.agentId())) {
        if (continuouslyLive(connection)) {
          throw new Violation(
              "OFFLINE_WHILE_LIVE",
              "agent " + agent.agentId() + " shows offline while its connection " + connection.id()
                  + " has been live since it opened");
        }
        Optional<Instant> goneAt = goneAt(connection);
        if (goneAt.isPresent() && !now.isAfter(goneAt.get().plus(grace))) {
          throw new Violation(
              "OFFLINE_BEFORE_GRACE_ENDED",
              "agent " + agent.agentId() + " shows offline at " + now + " though its connection "
                  + connection.id() + " went away only at " + goneAt.get());
        }
      }
    }
  }

  void atQuiescence() {
    afterEachStep();
    Instant now = world.clock.instant();
    Map<String, Chat> chats =
        world.services.chats().all().stream().collect(Collectors.toMap(Chat::chatId, Function.identity()));
    List<AgentState> agents = world.services.agents().all();
    Map<String, ConnectionRecord> records =
        world.services.connections().all().stream()
            .collect(Collectors.toMap(ConnectionRecord::connectionId, Function.identity()));
    for (AgentState agent : agents) {
      agent
          .holdings()
          .forEach(
              (chatId, generation) -> {
                Chat chat = chats.get(chatId);
                if (chat == null || !chat.isHeldBy(agent.agentId(), generation)) {
                  throw new Violation(
                      "SEAT_HELD_FOR_A_CHAT_NOT_ASSIGNED",
                      "agent " + agent.agentId() + " holds " + chatId + " (generation " + generation
                          + ") while the chat is " + chat);
                }
              });
      if (agent.activeCount() > agent.maxChats()) {
        throw new Violation("OVER_CAPACITY", agent.toString());
      }
      boolean live = connectionsOf(agent.agentId()).stream().anyMatch(this::liveNow);
      if (world.rules.effectiveStatus(agent, now) != EffectiveStatus.OFFLINE && !live) {
        throw new Violation(
            "ONLINE_WITHOUT_LIVE_CONNECTION",
            "agent " + agent.agentId() + " shows " + world.rules.effectiveStatus(agent, now)
                + " with no live connection; it lists " + agent.connections());
      }
    }
    for (Chat chat : chats.values()) {
      if (chat.state() == ChatState.ASSIGNED
          && agents.stream()
              .noneMatch(a -> a.agentId().equals(chat.agentId().orElseThrow()) && a.holding(chat.chatId()).orElse(-1L) == chat.generation())) {
        throw new Violation("ASSIGNED_BUT_NOT_HELD", chat.toString());
      }
      if (chat.state() == ChatState.OFFERED) {
        throw new Violation(
            "OFFER_NEITHER_ANSWERED_NOR_WITHDRAWN", chat + " long after its offer expired");
      }
      if (chat.state() == ChatState.ENDED && chat.endedBy().isEmpty()) {
        throw new Violation("ENDED_WITHOUT_A_REASON", chat.toString());
      }
      if (chat.state() != ChatState.QUEUED && chat.pendingKey().isPresent()) {
        throw new Violation("ROUTER_NEVER_SETTLED", chat.toString());
      }
      if (chat.state() != ChatState.ENDED
          && connectionsOf(chat.visitorId()).stream().noneMatch(this::liveNow)) {
        throw new Violation(
            "CHAT_OF_A_VISITOR_GONE_KEPT",
            chat + " is still open long after its visitor " + chat.visitorId() + " left");
      }
      if (chat.state() == ChatState.QUEUED
          && world.services.routingSettings().limitsQueueWait()
          && now.isAfter(chat.waitingSince().plus(world.services.routingSettings().maxQueueWait()).plus(SLACK))) {
        throw new Violation("WAITED_LONGER_THAN_ALLOWED", chat + " at " + now);
      }
      if (chat.state() == ChatState.QUEUED) {
        agents.stream()
            .filter(RoutingRules::isEligible)
            .filter(a -> !chat.declinedBy().contains(a.agentId()))
            .filter(a -> mayServe(a, chat, now))
            .filter(a -> connectionsOf(a.agentId()).stream().anyMatch(c -> liveNow(c) && a.connections().contains(c.id())))
            .findFirst()
            .ifPresent(
                eligible -> {
                  throw new Violation(
                      "QUEUED_WHILE_AN_AGENT_IS_ELIGIBLE",
                      "chat " + chat.chatId() + " waits while " + eligible.agentId() + " could take it");
                });
      }
    }
    for (String chatId : acknowledgedRequests()) {
      if (!chats.containsKey(chatId)) {
        throw new Violation("REQUESTED_CHAT_LOST", chatId);
      }
    }
    for (World.Tab tab : world.tabs().values()) {
      FakeGateway.Connection connection = world.gateway.connection(tab.connectionId()).orElseThrow();
      if (!continuouslyLive(connection)) {
        continue;
      }
      boolean registered = records.containsKey(connection.id());
      boolean listed =
          tab.role() != Role.AGENT
              || agents.stream().anyMatch(a -> a.agentId().equals(tab.userId()) && a.connections().contains(connection.id()));
      if (!registered || !listed) {
        throw new Violation(
            "LIVE_CONNECTION_FORGOTTEN",
            tab.userId() + "'s connection " + connection.id() + " is live but "
                + (registered ? "not on the agent" : "has no record"));
      }
    }
  }

  /** Of the chat's group, or the chat has waited the overflow time. */
  private boolean mayServe(AgentState agent, Chat chat, Instant now) {
    Duration overflow = world.services.routingSettings().groupOverflow();
    return chat.routing().group().map(agent.groups()::contains).orElse(true)
        || (!overflow.isZero() && !now.isBefore(chat.waitingSince().plus(overflow)));
  }

  /** A request gets one answer: an ack (or its data) or an error, never both, never two. */
  private void oneAnswerPerRequest() {
    for (World.Tab tab : world.tabs().values()) {
      Set<String> answered = new HashSet<>();
      for (String frame : world.gateway.delivered(tab.connectionId())) {
        JsonNode node = read(frame);
        String requestId = node.path("requestId").asText(null);
        if (requestId != null && !answered.add(requestId)) {
          throw new Violation(
              "TWO_ANSWERS_TO_ONE_REQUEST",
              tab.userId() + " got a second answer to " + requestId + ": " + frame);
        }
      }
    }
  }

  /**
   * A subscriber never hears two different views of an agent under one presence version: the
   * version numbers the write that made the view, so a client that keeps the highest keeps the
   * latest. (Versions may arrive out of order: two writers' fan-outs interleave.)
   */
  private void onePresencePerVersion() {
    for (World.Tab tab : world.tabs().values()) {
      Map<String, JsonNode> viewByVersion = new HashMap<>();
      for (String frame : world.gateway.delivered(tab.connectionId())) {
        if (!frame.contains("\"presence.changed\"")) {
          continue;
        }
        JsonNode view = read(frame);
        String key = view.path("agentId").asText() + " at version " + view.path("version").asLong();
        JsonNode earlier = viewByVersion.putIfAbsent(key, view);
        if (earlier != null && !earlier.equals(view)) {
          throw new Violation(
              "TWO_PRESENCE_VIEWS_OF_ONE_VERSION",
              tab.userId() + " heard " + key + " as " + earlier + " and as " + view);
        }
      }
    }
  }

  private static JsonNode read(String frame) {
    try {
      return JSON.readTree(frame);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new Violation("FRAME_NOT_JSON", frame);
    }
  }

  private boolean continuouslyLive(FakeGateway.Connection connection) {
    return continuouslyLive(connection, heartbeatTimeout);
  }

  /** Open since its handshake, its network up, and never silent for the heartbeat timeout. */
  static boolean continuouslyLive(FakeGateway.Connection connection, Duration heartbeatTimeout) {
    return connection.state() == FakeGateway.State.OPEN
        && !connection.networkLost()
        && connection.longestSilence().compareTo(heartbeatTimeout) < 0;
  }

  private boolean liveNow(FakeGateway.Connection connection) {
    return connection.state() == FakeGateway.State.OPEN
        && !connection.networkLost()
        && connection.lastActiveAt().plus(heartbeatTimeout).isAfter(world.clock.instant());
  }

  /**
   * The earliest moment the backend may take the connection as gone, when it can be told: a client
   * close of a connection never silent before, or the heartbeat timeout after the last frame of one
   * whose network died.
   */
  private Optional<Instant> goneAt(FakeGateway.Connection connection) {
    boolean silentOnce = connection.longestSilence().compareTo(heartbeatTimeout) >= 0;
    if (connection.closeCause().filter(c -> c == CloseCause.CLIENT).isPresent() && !silentOnce) {
      return connection.closedAt();
    }
    if (connection.networkLost()) {
      return Optional.of(connection.lastActiveAt().plus(heartbeatTimeout));
    }
    return Optional.empty();
  }

  private List<FakeGateway.Connection> connectionsOf(String userId) {
    return world.tabs().values().stream()
        .filter(t -> t.userId().equals(userId))
        .map(t -> world.gateway.connection(t.connectionId()).orElseThrow())
        .toList();
  }

  /** Chats whose {@code requestChat} a visitor saw acknowledged. */
  private Set<String> acknowledgedRequests() {
    return world.tabs().values().stream()
        .filter(t -> t.role() == Role.VISITOR)
        .flatMap(t -> world.gateway.delivered(t.connectionId()).stream())
        .filter(frame -> frame.contains("\"type\":\"ack\"") && frame.contains("\"action\":\"requestChat\""))
        .map(frame -> frame.replaceAll(".*\"chatId\":\"([^\"]+)\".*", "$1"))
        .collect(Collectors.toSet());
  }
}
