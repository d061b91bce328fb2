package chat.presence.bench.sim;

import chat.presence.functions.Services;
import chat.presence.functions.store.ConnectionRecord;
import chat.presence.local.DevTokens;
import chat.presence.model.routing.ChatRouting;
import chat.presence.model.routing.RoutingEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One site's routing rate with the router alone: agents connected and available with seats for
 * every chat, the site's queue pre-filled with chats stored directly (the chat's item and its
 * visitor's connection list, as requestChat writes them, but without its admission on the visitors
 * table and its routing hint, so nothing routes them yet), then one nudge on the routing queue,
 * the same the reaper sends for a site whose chats wait, and the time until every chat is assigned,
 * as the agents' {@code chat.assigned} frames tell it. Nothing else runs meanwhile but the clients'
 * {@code ping}s, which invoke nothing. Afterwards the visitors end every chat.
 */
public final class RouterAlone implements AutoCloseable {
  /**
   * The phase's shape.
   *
   * @param chats chats pre-filled into the site's queue
   * @param agents agents, each with {@code maxChats} seats; together at least {@code chats}
   * @param visitors visitors the chats are spread over, each with one connection
   */
  public record Spec(String siteId, int chats, int agents, int maxChats, int visitors, Duration keepAlive, Duration timeout) {
    public Spec {
      if (chats < 1 || agents < 1 || visitors < 1 || (long) agents * maxChats < chats) {
        throw new IllegalArgumentException("router alone: at least one chat, and a seat for every chat");
      }
    }
  }

  /**
   * What the router did with the pre-filled queue.
   *
   * @param seconds from the nudge sent to the last chat's {@code chat.assigned} received
   * @param firstSeconds from the nudge sent to the first {@code chat.assigned}: the queue hop and
   *     the pass's reads before its first assignment
   * @param problems chats announced to two agents, agents told of more chats than their seats
   */
  public record Result(int chats, int assigned, double seconds, double firstSeconds, double chatsPerSecond, List<String> problems) {}

  private static final Duration TOKEN_LIFETIME = Duration.ofHours(2);
  private static final Duration QUIET_FOR = Duration.ofMillis(1500);

  private final Spec spec;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ClientTraffic uncounted = new ClientTraffic();
  private final List<BenchSocket> agentSockets = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<BenchSocket> visitorSockets = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<String> visitorIds = new ArrayList<>();
  /** Each chat's first {@code chat.assigned}: which agent, when. */
  private final Map<String, Long> firstAssigned = new ConcurrentHashMap<>();
  private final Map<String, String> assignedTo = new ConcurrentHashMap<>();
  private final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, Integer> heldByAgent = new ConcurrentHashMap<>();
  private final List<String> chatIds = new ArrayList<>();
  private final Map<String, BenchSocket> visitorOfChat = new HashMap<>();
  private final ScheduledExecutorService keepAlive =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "bench-router-alone-keep-alive");
            thread.setDaemon(true);
            return thread;
          });

  public RouterAlone(Spec spec) {
    this.spec = spec;
  }

  /**
   * Connects the agents (available) and the visitors, and keeps them alive with {@code ping} from
   * the start: connecting them all may take longer than the heartbeat timeout on a busy machine.
   */
  public void connect(URI webSocketUrl, String jwtSecret) {
    long millis = spec.keepAlive().toMillis();
    keepAlive.scheduleAtFixedRate(
        () -> {
          agentSockets.stream().filter(BenchSocket::isOpen).forEach(s -> s.tell("ping"));
          visitorSockets.stream().filter(BenchSocket::isOpen).forEach(s -> s.tell("ping"));
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
    for (int a = 1; a <= spec.agents(); a++) {
      String agentId = "agent-" + a;
      String token =
          DevTokens.sign(jwtSecret, spec.siteId(), agentId, "agent", TOKEN_LIFETIME, OptionalInt.of(spec.maxChats()));
      agentSockets.add(
          BenchSocket.open(
              http,
              URI.create(webSocketUrl + "?token=" + token + "&status=available"),
              uncounted,
              spec.timeout(),
              new AgentFrames(agentId)));
    }
    for (int v = 1; v <= spec.visitors(); v++) {
      String visitorId = "visitor-" + v;
      String token = DevTokens.sign(jwtSecret, spec.siteId(), visitorId, "visitor", TOKEN_LIFETIME, OptionalInt.empty());
      visitorIds.add(visitorId);
      visitorSockets.add(
          BenchSocket.open(
              http, URI.create(webSocketUrl + "?token=" + token), uncounted, spec.timeout(), IgnoredFrames.LISTENER));
    }
  }

  /**
   * Waits until the routing queue has had nothing waiting and nothing in flight for a while: the
   * agents' connects are routed, and nothing else is.
   *
   * @param backlog messages waiting plus in flight, read from the queue
   */
  public static boolean awaitQuietQueue(LongSupplier backlog, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long quietSince = -1;
    while (System.nanoTime() < deadline) {
      if (backlog.getAsLong() == 0) {
        if (quietSince < 0) {
          quietSince = System.nanoTime();
        } else if (System.nanoTime() - quietSince >= QUIET_FOR.toNanos()) {
          return true;
        }
      } else {
        quietSince = -1;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /**
   * Stores the chats as queued, in order, spread over the visitors, each listed on its visitor's
   * connection as requestChat lists it; sends no routing event.
   */
  public void prefill(Services storage) {
    Map<String, String> connectionOfVisitor = new HashMap<>();
    for (int v = 0; v < visitorIds.size(); v++) {
      String visitorId = visitorIds.get(v);
      String connectionId =
          storage.connections().ofUser(spec.siteId(), visitorId).stream()
              .map(ConnectionRecord::connectionId)
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("visitor " + visitorId + " of the router-alone site is not connected"));
      connectionOfVisitor.put(visitorId, connectionId);
    }
    for (int i = 1; i <= spec.chats(); i++) {
      String chatId = spec.siteId() + "-chat-" + i;
      int v = (i - 1) % visitorIds.size();
      String visitorId = visitorIds.get(v);
      storage.connections().addChat(connectionOfVisitor.get(visitorId), chatId);
      if (!storage.chats().create(spec.siteId(), chatId, visitorId, ChatRouting.ANYONE, storage.clock().instant())) {
        throw new IllegalStateException("chat " + chatId + " exists already");
      }
      chatIds.add(chatId);
      visitorOfChat.put(chatId, visitorSockets.get(v));
    }
  }

  /**
   * Sends the nudge and waits until every chat is assigned, or the timeout passes.
   *
   * @return the nudge's {@link System#nanoTime()} is the start of the figures
   */
  public Result route(Services storage) throws InterruptedException {
    long sent = System.nanoTime();
    storage.routingQueue().publish(new RoutingEvent.QueueCheck(spec.siteId(), storage.clock().millis()));
    long deadline = sent + spec.timeout().toNanos();
    while (firstAssigned.size() < chatIds.size() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    List<Long> times = new ArrayList<>(firstAssigned.values());
    long last = times.stream().mapToLong(Long::longValue).max().orElse(sent);
    long first = times.stream().mapToLong(Long::longValue).min().orElse(sent);
    double seconds = (last - sent) / 1e9;
    heldByAgent.forEach(
        (agent, held) -> {
          if (held > spec.maxChats()) {
            problems.add(String.format("%s/%s told of %d chats with %d seats", spec.siteId(), agent, held, spec.maxChats()));
          }
        });
    return new Result(
        chatIds.size(),
        times.size(),
        round(seconds),
        round((first - sent) / 1e9),
        seconds <= 0 ? 0 : round(times.size() / seconds),
        List.copyOf(problems));
  }

  /** The visitors end every chat, each waiting for its answer. */
  public void endAll() {
    List<CompletableFuture<Frame>> answers = new ArrayList<>();
    for (String chatId : chatIds) {
      answers.add(visitorOfChat.get(chatId).request("endChat", Map.of("chatId", chatId)).exceptionally(e -> null));
    }
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
  }

  /** Closes every connection still open; returns how many, each a {@code $disconnect} for the backend. */
  public int closeAll() {
    keepAlive.shutdownNow();
    List<BenchSocket> open = new ArrayList<>();
    agentSockets.stream().filter(BenchSocket::isOpen).forEach(open::add);
    visitorSockets.stream().filter(BenchSocket::isOpen).forEach(open::add);
    CompletableFuture.allOf(open.stream().map(BenchSocket::close).toArray(CompletableFuture[]::new)).join();
    return open.size();
  }

  @Override
  public void close() {
    closeAll();
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /** Records each chat's first assignment, and how many chats each agent was told of. */
  private final class AgentFrames implements BenchSocket.Listener {
    private final String agentId;

    AgentFrames(String agentId) {
      this.agentId = agentId;
    }

    @Override
    public void onFrame(BenchSocket socket, Frame frame) {
      if (!"chat.assigned".equals(frame.type())) {
        return;
      }
      String chatId = frame.chatId();
      String earlier = assignedTo.putIfAbsent(chatId, agentId);
      if (earlier == null) {
        firstAssigned.put(chatId, frame.receivedNanos());
        heldByAgent.merge(agentId, 1, Integer::sum);
      } else if (!earlier.equals(agentId)) {
        problems.add(String.format("%s/%s announced to %s and %s", spec.siteId(), chatId, earlier, agentId));
      }
    }

    @Override
    public void onClosed(BenchSocket socket) {}
  }
}
