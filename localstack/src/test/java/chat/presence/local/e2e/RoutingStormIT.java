package chat.presence.local.e2e;

import static chat.presence.local.testing.LocalRuntimeExtension.uniqueSite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import chat.presence.model.routing.Chat;
import chat.presence.model.routing.ChatState;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The incident's second symptom, under load: agents flip between available and away and end chats
 * while visitors keep requesting. No chat may reach an agent whose last acknowledged status was
 * away, nor push an agent over capacity.
 */
class RoutingStormIT {
  private static final int AGENTS = 8;
  private static final int MAX_CHATS = 2;
  private static final int VISITORS = 6;
  private static final int CHATS_PER_VISITOR = 10;
  private static final Duration STORM = Duration.ofSeconds(4);
  /** On a slow machine the storm goes on until agents have ended chats, or this long. */
  private static final Duration LONGEST_STORM = Duration.ofSeconds(20);
  private static final int ENDS_IN_STORM = 4;
  /** Few enough that chats remain queued to fill every seat once the storm is over. */
  private static final int ENDS_PER_AGENT = 3;

  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.builder().build();

  @Test
  void noChatReachesAnAwayOrFullAgentWhileStatusesFlipUnderLoad() throws Exception {
    String site = uniqueSite();
    List<WsClient> agents = new ArrayList<>();
    List<WsClient> visitors = new ArrayList<>();
    Map<String, TreeMap<Long, String>> ackedStatusByVersion = new HashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(AGENTS + VISITORS);
    try {
      for (int i = 0; i < AGENTS; i++) {
        agents.add(runtime.agentWithCapacity(site, "agent-" + i, MAX_CHATS));
        ackedStatusByVersion.put("agent-" + i, new TreeMap<>());
      }
      for (int i = 0; i < VISITORS; i++) {
        visitors.add(runtime.visitor(site, "visitor-" + i));
      }
      long stormStart = System.nanoTime();
      AtomicInteger ended = new AtomicInteger();
      BooleanSupplier storming =
          () -> {
            long elapsed = System.nanoTime() - stormStart;
            return elapsed < STORM.toNanos()
                || (ended.get() < ENDS_IN_STORM && elapsed < LONGEST_STORM.toNanos());
          };
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < AGENTS; i++) {
        WsClient agent = agents.get(i);
        TreeMap<Long, String> acked = ackedStatusByVersion.get("agent-" + i);
        work.add(pool.submit(() -> flipAndEndChats(agent, acked, storming, ended)));
      }
      for (int i = 0; i < VISITORS; i++) {
        WsClient visitor = visitors.get(i);
        int v = i;
        work.add(pool.submit(() -> requestChats(visitor, "v" + v, storming)));
      }
      for (Future<?> f : work) {
        f.get();
      }
      for (int i = 0; i < AGENTS; i++) {
        JsonNode ack = agents.get(i).request("setStatus", Map.of("status", "available"));
        ackedStatusByVersion.get("agent-" + i).put(ack.path("version").asLong(), "available");
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(300))
          .until(
              () -> {
                agents.forEach(a -> a.request("heartbeat"));
                visitors.forEach(v -> v.request("heartbeat"));
                return assignedChats(site).size() == AGENTS * MAX_CHATS;
              });

      List<Chat> chats = storedChats(site);
      int assignments = 0;
      for (Chat chat : chats) {
        if (chat.assignedAgentVersion().isEmpty()) {
          continue;
        }
        assignments++;
        var acked = ackedStatusByVersion.get(chat.agentId().orElseThrow());
        var lastAckedBefore = acked.floorEntry(chat.assignedAgentVersion().get());
        String statusAtAssignment = lastAckedBefore == null ? "available" : lastAckedBefore.getValue();
        assertThat(statusAtAssignment)
            .as("status of %s when %s was assigned", chat.agentId().get(), chat.chatId())
            .isEqualTo("available");
      }
      assertThat(assignments).as("assignments made during the storm").isGreaterThan(AGENTS * MAX_CHATS);
      Map<String, String> announcedTo = new HashMap<>();
      for (WsClient agent : agents) {
        assertCapacityNeverExceeded(agent);
        for (JsonNode assigned : agent.events("chat.assigned")) {
          String chatId = assigned.path("chatId").asText();
          String owner = assigned.path("agentId").asText();
          assertThat(announcedTo.putIfAbsent(chatId, owner))
              .as("chat %s announced to two agents", chatId)
              .isIn(null, owner);
        }
      }
      for (var agentState : runtime.runtime().services().agents().ofSite(site)) {
        assertThat(agentState.activeCount()).isLessThanOrEqualTo(MAX_CHATS);
      }
    } finally {
      pool.shutdownNow();
      agents.forEach(WsClient::close);
      visitors.forEach(WsClient::close);
    }
  }

  /** One agent's part of the storm: status flips and chat ends, each waiting for its answer. */
  private static void flipAndEndChats(
      WsClient agent, TreeMap<Long, String> acked, BooleanSupplier storming, AtomicInteger endedInStorm) {
    Set<String> ended = new HashSet<>();
    while (storming.getAsBoolean()) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      List<String> open = new ArrayList<>();
      agent.events("chat.assigned").forEach(e -> open.add(e.path("chatId").asText()));
      open.removeAll(ended);
      if (!open.isEmpty() && ended.size() < ENDS_PER_AGENT && random.nextInt(3) == 0) {
        String chatId = open.get(random.nextInt(open.size()));
        agent.request("endChat", Map.of("chatId", chatId));
        ended.add(chatId);
        endedInStorm.incrementAndGet();
      } else {
        String status = random.nextBoolean() ? "available" : "away";
        JsonNode ack = agent.request("setStatus", Map.of("status", status));
        synchronized (acked) {
          acked.put(ack.path("version").asLong(), status);
        }
      }
      sleepMillis(random.nextInt(40));
    }
  }

  /** Requests its chats, then keeps its connection alive like a real widget until the storm ends. */
  private static void requestChats(WsClient visitor, String prefix, BooleanSupplier storming) {
    for (int i = 0; i < CHATS_PER_VISITOR; i++) {
      visitor.request("requestChat", Map.of("chatId", prefix + "-c" + i));
      sleepMillis(ThreadLocalRandom.current().nextInt(60));
    }
    while (storming.getAsBoolean()) {
      visitor.request("heartbeat");
      sleepMillis(200);
    }
  }

  /**
   * Replays what the agent received, in order: each assigned chat takes a seat, each acknowledged
   * end frees one (capacity is released only after that ack is sent). Events are delivered at least
   * once, so a repeated announcement of a held chat takes no second seat.
   */
  private static void assertCapacityNeverExceeded(WsClient agent) {
    Set<String> held = new HashSet<>();
    for (JsonNode frame : agent.received()) {
      if ("chat.assigned".equals(frame.path("type").asText())) {
        held.add(frame.path("chatId").asText());
        assertThat(held).as("chats held at %s", frame).hasSizeLessThanOrEqualTo(MAX_CHATS);
      } else if ("ack".equals(frame.path("type").asText())
          && "endChat".equals(frame.path("action").asText())) {
        held.remove(frame.path("chatId").asText());
      }
    }
  }

  private static List<Chat> storedChats(String site) {
    return runtime.runtime().services().chats().all().stream()
        .filter(c -> c.siteId().equals(site))
        .toList();
  }

  private static List<Chat> assignedChats(String site) {
    return storedChats(site).stream().filter(c -> c.state() == ChatState.ASSIGNED).toList();
  }

  private static void sleepMillis(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
