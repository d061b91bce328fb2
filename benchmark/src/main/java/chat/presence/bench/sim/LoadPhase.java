package chat.presence.bench.sim;

import chat.presence.local.DevTokens;
import chat.presence.bench.measure.LatencySummary;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs one phase of load against a local runtime over real WebSockets: agents heartbeat and change
 * status, visitors request chats at a rate, and each chat is ended by its visitor or agent after a
 * while. When the runtime offers chats, the agents answer the offers as {@link OfferAnswers} says.
 * When the time is up, every agent sets itself available so that queued chats drain, and the phase
 * waits for every chat to end.
 */
public final class LoadPhase implements AutoCloseable {
  /** Told of every heartbeat an agent sends: the naive design's write. */
  public interface HeartbeatObserver {
    void agentHeartbeat(String siteId, String agentId, int connection);
  }

  /**
   * Where the phase runs and what it reports to.
   *
   * @param storage a client of the runtime's tables whose calls are not counted, for the reads that
   *     make offers checkable
   */
  public record Target(
      URI webSocketUrl,
      String jwtSecret,
      Duration answerTimeout,
      HeartbeatObserver heartbeats,
      Consumer<String> progress,
      LongSupplier queueBacklog,
      DynamoDbClient storage) {}

  private static final Duration TOKEN_LIFETIME = Duration.ofHours(2);
  private static final int CONNECTING_THREADS = 4;
  private static final Duration OFFER_READS_TIMEOUT = Duration.ofSeconds(10);

  private final PhaseSpec spec;
  private final Target target;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ClientTraffic traffic;
  private final ChatLog chats;
  private final List<SimAgent> agents = new CopyOnWriteArrayList<>();
  private final Map<String, List<SimVisitor>> visitorsBySite = new ConcurrentHashMap<>();
  private final Map<BenchSocket, Future<?>> heartbeatSchedules = new ConcurrentHashMap<>();
  private final ScheduledExecutorService clock =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread thread = new Thread(r, "bench-clock");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean generating;
  /** Heartbeats keep going until a connection is closed, but count only while the load runs. */
  private volatile boolean measuring;
  private volatile long loadStartNanos;
  private volatile long loadEndNanos;
  private final RequestTracker requests = new RequestTracker();
  private final AtomicInteger waitingForAgent = new AtomicInteger();
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger settled = new AtomicInteger();
  private final LongAdder shed = new LongAdder();
  private final LongAdder visitorConnectionsLost = new LongAdder();
  private final LongAdder agentHeartbeats = new LongAdder();
  private final LongAdder visitorHeartbeats = new LongAdder();
  private final LongAdder statusChangesAcked = new LongAdder();
  private final Queue<Long> heartbeatRoundTrips = new ConcurrentLinkedQueue<>();
  private final Queue<Long> requestChatAcks = new ConcurrentLinkedQueue<>();
  private final Queue<Long> handshakes = new ConcurrentLinkedQueue<>();
  private final OfferResponder offers;

  public LoadPhase(PhaseSpec spec, Target target, ClientTraffic traffic) {
    this.spec = spec;
    this.target = target;
    this.traffic = traffic;
    this.chats = new ChatLog(spec.name());
    this.offers = new OfferResponder(spec.offers(), new OfferReads(target.storage()), clock, requests);
  }

  /**
   * Connects the agents, each with one to {@code maxConnectionsPerAgent} connections; the ones that
   * never answer offers are drawn at random. The steps are separate so that the caller can attribute
   * the backend's work to each.
   */
  public void connectAgents() throws InterruptedException {
    List<Integer> order = new ArrayList<>(IntStream.range(0, spec.agents()).boxed().toList());
    Collections.shuffle(order);
    Set<Integer> neverAccepting = new HashSet<>(order.subList(0, spec.offers().neverAccepting(spec.agents())));
    List<Callable<Void>> connecting = new ArrayList<>();
    for (int i = 0; i < spec.agents(); i++) {
      SimAgent agent =
          new SimAgent(spec.siteId(i % spec.sites()), "agent-" + (i + 1), spec.maxChats(), neverAccepting.contains(i));
      agents.add(agent);
      int connections = 1 + ThreadLocalRandom.current().nextInt(spec.maxConnectionsPerAgent());
      connecting.add(() -> connectAgent(agent, connections));
    }
    runAll(connecting);
  }

  public void connectVisitors() throws InterruptedException {
    List<Callable<Void>> connecting = new ArrayList<>();
    for (int s = 0; s < spec.sites(); s++) {
      String siteId = spec.siteId(s);
      List<SimVisitor> visitors = new ArrayList<>();
      for (int v = 0; v < spec.visitorsPerSite(); v++) {
        SimVisitor visitor = new SimVisitor(siteId, "visitor-" + (v + 1));
        visitors.add(visitor);
        connecting.add(() -> connectVisitor(visitor));
      }
      visitorsBySite.put(siteId, visitors);
    }
    runAll(connecting);
  }

  /**
   * Runs the load for the phase's duration, then drains. The clients stay connected, and keep
   * heartbeating, until closed; only the heartbeats sent meanwhile are counted.
   */
  public PhaseResult runLoad() throws InterruptedException {
    long started = System.nanoTime();
    measuring = true;
    generate();
    drain();
    offers.awaitReads(OFFER_READS_TIMEOUT);
    measuring = false;
    return new PhaseResult(
        spec,
        List.copyOf(agents),
        List.copyOf(chats.all()),
        (loadEndNanos - loadStartNanos) / 1e9,
        (System.nanoTime() - started) / 1e9,
        agentSockets().size(),
        visitorSockets().size(),
        visitorConnectionsLost.sum(),
        agentHeartbeats.sum(),
        visitorHeartbeats.sum(),
        statusChangesAcked.sum(),
        shed.sum(),
        requests.unanswered(),
        requests.errors(),
        LatencySummary.ofNanos(List.copyOf(heartbeatRoundTrips)),
        LatencySummary.ofNanos(List.copyOf(requestChatAcks)),
        assignedDuringLoadBySite(),
        offers.all(),
        offers.readsFailed(),
        requests.roundTrips(),
        LatencySummary.ofNanos(List.copyOf(handshakes)));
  }

  /** Closes the agents' connections; returns how many, each a {@code $disconnect} for the backend. */
  public int closeAgents() {
    return closeAll(agentSockets());
  }

  public int closeVisitors() {
    return closeAll(visitorSockets());
  }

  /** Closes whatever is still open. */
  @Override
  public void close() {
    generating = false;
    clock.shutdownNow();
    offers.close();
    closeAll(agentSockets());
    closeAll(visitorSockets());
  }

  private List<BenchSocket> agentSockets() {
    return agents.stream().flatMap(a -> a.sockets().stream()).toList();
  }

  private List<BenchSocket> visitorSockets() {
    return visitorsBySite.values().stream().flatMap(List::stream).map(SimVisitor::socket).filter(s -> s != null).toList();
  }

  private int closeAll(List<BenchSocket> sockets) {
    sockets.forEach(socket -> Optional.ofNullable(heartbeatSchedules.remove(socket)).ifPresent(f -> f.cancel(false)));
    List<BenchSocket> open = sockets.stream().filter(BenchSocket::isOpen).toList();
    CompletableFuture.allOf(open.stream().map(BenchSocket::close).toArray(CompletableFuture[]::new)).join();
    return open.size();
  }

  private static void runAll(List<Callable<Void>> tasks) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(CONNECTING_THREADS);
    try {
      for (Future<Void> done : pool.invokeAll(tasks)) {
        done.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not connect the simulated clients: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The first connection chooses available; the others keep the status, as a second tab does. */
  private Void connectAgent(SimAgent agent, int connections) {
    String token =
        DevTokens.sign(
            target.jwtSecret(), agent.siteId(), agent.agentId(), "agent", TOKEN_LIFETIME, OptionalInt.of(agent.maxChats()));
    for (int c = 0; c < connections; c++) {
      String query = "?token=" + token + (c == 0 ? "&status=available" : "");
      agent.add(open(query, new AgentFrames(agent)));
    }
    return null;
  }

  private Void connectVisitor(SimVisitor visitor) {
    String token =
        DevTokens.sign(
            target.jwtSecret(), visitor.siteId(), visitor.visitorId(), "visitor", TOKEN_LIFETIME, OptionalInt.empty());
    visitor.connected(open("?token=" + token, new VisitorFrames()));
    return null;
  }

  private BenchSocket open(String query, BenchSocket.Listener listener) {
    long started = System.nanoTime();
    BenchSocket socket =
        BenchSocket.open(http, URI.create(target.webSocketUrl() + query), traffic, target.answerTimeout(), listener);
    handshakes.add(System.nanoTime() - started);
    return socket;
  }

  /** Every connected client heartbeats from now on, each at its own phase of the interval. */
  public void startHeartbeats() {
    long intervalMillis = spec.heartbeatInterval().toMillis();
    for (SimAgent agent : agents) {
      for (int c = 0; c < agent.connections(); c++) {
        BenchSocket socket = agent.sockets().get(c);
        int connection = c;
        schedulePeriodically(
            socket,
            () -> {
              if (measuring) {
                target.heartbeats().agentHeartbeat(agent.siteId(), agent.agentId(), connection);
                agentHeartbeats.increment();
              }
              heartbeat(socket);
            },
            intervalMillis);
      }
    }
    visitorsBySite.values().stream()
        .flatMap(List::stream)
        .forEach(
            visitor ->
                schedulePeriodically(
                    visitor.socket(),
                    () -> {
                      if (measuring) {
                        visitorHeartbeats.increment();
                      }
                      heartbeat(visitor.socket());
                    },
                    intervalMillis));
  }

  private void schedulePeriodically(BenchSocket socket, Runnable task, long intervalMillis) {
    long phase = ThreadLocalRandom.current().nextLong(intervalMillis);
    heartbeatSchedules.put(socket, clock.scheduleAtFixedRate(task, phase, intervalMillis, TimeUnit.MILLISECONDS));
  }

  private void heartbeat(BenchSocket socket) {
    if (!socket.isOpen()) {
      return;
    }
    long sent = System.nanoTime();
    boolean measured = measuring;
    requests.track("heartbeat", socket.request("heartbeat", Map.of()))
        .thenAccept(
            ack -> {
              if (measured) {
                heartbeatRoundTrips.add(ack.receivedNanos() - sent);
              }
            });
  }

  private void generate() throws InterruptedException {
    generating = true;
    loadStartNanos = System.nanoTime();
    double perSite = spec.chatsPerSecond() / spec.sites();
    for (int s = 0; s < spec.sites(); s++) {
      String siteId = spec.siteId(s);
      scheduleAfterExponential(perSite, () -> requestChat(siteId));
    }
    for (SimAgent agent : agents) {
      scheduleAfterExponential(spec.statusChangesPerAgentMinute() / 60, () -> changeStatus(agent));
    }
    long end = loadStartNanos + spec.duration().toNanos();
    while (System.nanoTime() < end) {
      showProgress("load", (System.nanoTime() - loadStartNanos) / 1e9, spec.duration().toSeconds());
      Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
    }
    generating = false;
    loadEndNanos = System.nanoTime();
  }

  /** Poisson arrivals: runs {@code task} again and again, at {@code perSecond} on average. */
  private void scheduleAfterExponential(double perSecond, Runnable task) {
    if (perSecond <= 0 || !generating) {
      return;
    }
    double u = 1 - ThreadLocalRandom.current().nextDouble();
    long delayMicros = (long) (-Math.log(u) / perSecond * 1e6);
    clock.schedule(
        () -> {
          if (generating) {
            task.run();
            scheduleAfterExponential(perSecond, task);
          }
        },
        delayMicros,
        TimeUnit.MICROSECONDS);
  }

  private void requestChat(String siteId) {
    if (waitingForAgent.get() >= spec.maxWaiting()) {
      shed.increment();
      return;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<SimVisitor> visitors = visitorsBySite.get(siteId);
    SimVisitor visitor = visitors.get(random.nextInt(visitors.size()));
    boolean measured = System.nanoTime() - loadStartNanos >= spec.warmup().toNanos();
    ChatRecord chat =
        chats.open(siteId, visitor.visitorId(), random.nextDouble() < spec.visitorEndsShare(), measured);
    waitingForAgent.incrementAndGet();
    opened.incrementAndGet();
    long sent = System.nanoTime();
    requests.track("requestChat", visitor.socket().request("requestChat", Map.of("chatId", chat.chatId())))
        .whenComplete(
            (ack, error) -> {
              if (ack != null) {
                requestChatAcks.add(ack.receivedNanos() - sent);
              } else if (chat.stopWaiting()) {
                waitingForAgent.decrementAndGet();
                settle(chat);
              }
            });
  }

  private void changeStatus(SimAgent agent) {
    String status = ThreadLocalRandom.current().nextDouble() < spec.availableShare() ? "available" : "away";
    agent
        .changeStatus(status)
        .ifPresent(answer -> requests.track("setStatus", answer).thenAccept(ack -> statusChangesAcked.increment()));
  }

  /** Exponential hold times, cut at three means so that the drain does not wait for a rare long one. */
  private void endLater(BenchSocket socket, ChatRecord chat) {
    double meanMicros = spec.chatHold().toNanos() / 1000.0;
    double exponential = -Math.log(1 - ThreadLocalRandom.current().nextDouble());
    long holdMicros = (long) (Math.min(exponential, 3) * meanMicros);
    clock.schedule(
        () -> requests.track("endChat", socket.request("endChat", Map.of("chatId", chat.chatId())))
            .whenComplete((ack, error) -> settle(chat)),
        holdMicros,
        TimeUnit.MICROSECONDS);
  }

  private void settle(ChatRecord chat) {
    if (!chat.settled()) {
      chat.markSettled();
      settled.incrementAndGet();
    }
  }

  /**
   * Every agent sets itself available (after its last status change is answered), so that every
   * chat still queued is assigned and ends; waits for that, within the drain timeout.
   */
  private void drain() throws InterruptedException {
    long deadline = System.nanoTime() + spec.drainTimeout().toNanos();
    List<SimAgent> pending = new ArrayList<>(agents);
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      pending.removeIf(
          agent ->
              agent
                  .changeStatus("available")
                  .map(answer -> requests.track("setStatus", answer).thenAccept(ack -> statusChangesAcked.increment()))
                  .isPresent());
      Thread.sleep(20);
    }
    long drainStart = System.nanoTime();
    while (System.nanoTime() < deadline && (settled.get() < opened.get() || requests.inFlight() > 0)) {
      showProgress("drain", (System.nanoTime() - drainStart) / 1e9, spec.drainTimeout().toSeconds());
      Thread.sleep(200);
    }
  }

  private void showProgress(String stage, double elapsed, long total) {
    String offered = "";
    if (spec.offers().on()) {
      List<OfferRecord> all = offers.all();
      offered =
          String.format(
              " | offers %d, %d withdrawn",
              all.size(), all.stream().filter(o -> o.outcome() == OfferRecord.Outcome.WITHDRAWN).count());
    }
    target
        .progress()
        .accept(
            String.format(
                "[%s %s %3.0f/%ds] chats %d requested, %d waiting, %d ended, %d shed%s | status changes %d"
                    + " | heartbeats %d | queue backlog %d | unanswered %d",
                spec.name(),
                stage,
                elapsed,
                total,
                opened.get(),
                waitingForAgent.get(),
                settled.get(),
                shed.sum(),
                offered,
                statusChangesAcked.sum(),
                agentHeartbeats.sum() + visitorHeartbeats.sum(),
                target.queueBacklog().getAsLong(),
                requests.unansweredTotal()));
  }

  private Map<String, Long> assignedDuringLoadBySite() {
    Map<String, Long> bySite = new TreeMap<>();
    for (int s = 0; s < spec.sites(); s++) {
      bySite.put(spec.siteId(s), 0L);
    }
    for (ChatRecord chat : chats.all()) {
      chat.firstAssignedNanos()
          .filter(at -> at >= loadStartNanos && at <= loadEndNanos)
          .ifPresent(at -> bySite.merge(chat.siteId(), 1L, Long::sum));
    }
    return bySite;
  }

  /**
   * Agent frames: a chat's first {@code chat.assigned} to this agent schedules its end; offers and
   * their withdrawals go to the {@link OfferResponder}.
   */
  private final class AgentFrames implements BenchSocket.Listener {
    private final SimAgent agent;

    AgentFrames(SimAgent agent) {
      this.agent = agent;
    }

    @Override
    public void onFrame(BenchSocket socket, Frame frame) {
      String type = frame.type();
      if ("chat.offered".equals(type)) {
        offers.offered(agent, frame, chats.get(frame.chatId()));
      } else if ("chat.offerWithdrawn".equals(type)) {
        offers.withdrawn(agent, frame);
      } else if ("chat.assigned".equals(type)) {
        offers.assigned(agent, frame);
        assigned(frame);
      }
    }

    private void assigned(Frame frame) {
      chats.get(frame.chatId()).ifPresent(chat -> {
        ChatRecord.Receipt receipt = chat.agentReceived(agent.agentId(), frame.receivedNanos(), frame.receivedMillis());
        if (receipt == ChatRecord.Receipt.FIRST_OF_CHAT && chat.stopWaiting()) {
          waitingForAgent.decrementAndGet();
        }
        if (receipt != ChatRecord.Receipt.REPEAT && !chat.endedByVisitor()) {
          endLater(agent.primary(), chat);
        }
      });
    }

    @Override
    public void onClosed(BenchSocket socket) {
      if (!socket.closedByUs()) {
        agent.connectionLost();
      }
    }
  }

  /** Visitor frames: {@code chat.queued} and the visitor's own {@code chat.assigned}. */
  private final class VisitorFrames implements BenchSocket.Listener {
    @Override
    public void onFrame(BenchSocket socket, Frame frame) {
      String type = frame.type();
      if ("chat.queued".equals(type)) {
        chats.get(frame.chatId()).ifPresent(ChatRecord::markQueued);
      } else if ("chat.assigned".equals(type)) {
        chats.get(frame.chatId()).ifPresent(chat -> {
          boolean first = chat.visitorToldAgent().isEmpty();
          chat.visitorTold(frame.json().path("agentId").asText());
          if (first && chat.endedByVisitor()) {
            endLater(socket, chat);
          }
        });
      }
    }

    @Override
    public void onClosed(BenchSocket socket) {
      if (!socket.closedByUs()) {
        visitorConnectionsLost.increment();
      }
    }
  }
}
