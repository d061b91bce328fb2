package chat.presence.bench.sim;

import chat.presence.local.DevTokens;
import chat.presence.bench.measure.LatencySummary;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The full-path floor: one assignment's whole path, timed on a site of its own while the main load
 * runs. A visitor's {@code requestChat} sent to the agent's {@code chat.assigned} received: the
 * gateway, the requestChat handler, the routing queue, the router's pass and its posts, on a site
 * with nothing else to route, so nothing waits in its message group. One chat at a time; the next is
 * requested a period after the previous one, once the visitor's {@code endChat} is answered. A chat
 * whose visitor heard {@code chat.queued} waited for capacity and is left out (counted). With offers,
 * the path ends at the agent's {@code chat.offered} (every chat is announced queued first then, so
 * none is left out for it), and the agent accepts at once. The probe's clients keep alive with
 * {@code ping}, which invokes nothing.
 */
public final class PathProbe implements AutoCloseable {
  /** One timed assignment: when its request was sent, and how long until the agent heard of it. */
  public record Sample(long startNanos, long nanos) {}

  /**
   * The samples of a window.
   *
   * @param queued chats that waited for capacity, left out
   * @param failed chats not assigned within the timeout, or refused
   */
  public record Result(LatencySummary total, int queued, int failed, int chatsRequested, long periodMillis) {}

  private static final Duration TOKEN_LIFETIME = Duration.ofHours(2);
  private final String siteId;
  private final boolean offers;
  private final Duration period;
  private final Duration timeout;
  private final BenchSocket agent;
  private final BenchSocket visitor;
  private final Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private final List<Long> queuedStarts = new CopyOnWriteArrayList<>();
  private final List<Long> failedStarts = new CopyOnWriteArrayList<>();
  private final AtomicInteger requested = new AtomicInteger();
  private final ScheduledExecutorService keepAlive =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "bench-path-probe-keep-alive");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean running;
  private Thread sampler;

  /** Opens the agent's and the visitor's sockets, at URLs that carry the tokens {@link #connect} signed. */
  private PathProbe(
      String siteId, boolean offers, Duration period, Duration timeout, URI agentUrl, URI visitorUrl, Duration keepAliveInterval) {
    this.siteId = siteId;
    this.offers = offers;
    this.period = period;
    this.timeout = timeout;
    HttpClient http = HttpClient.newHttpClient();
    ClientTraffic uncounted = new ClientTraffic();
    this.agent = BenchSocket.open(http, agentUrl, uncounted, timeout, new AgentFrames());
    this.visitor = BenchSocket.open(http, visitorUrl, uncounted, timeout, new VisitorFrames());
    long millis = keepAliveInterval.toMillis();
    keepAlive.scheduleAtFixedRate(
        () -> {
          if (agent.isOpen()) {
            agent.tell("ping");
          }
          if (visitor.isOpen()) {
            visitor.tell("ping");
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Connects the probe's agent (available, with {@code maxChats} seats) and visitor.
   *
   * @param offers the runtime offers chats: the path ends at {@code chat.offered}, which is accepted
   * @param period how often a chat is requested
   * @param timeout how long a request or an assignment may take before the sample counts as failed
   */
  public static PathProbe connect(
      URI webSocketUrl,
      String jwtSecret,
      String siteId,
      int maxChats,
      boolean offers,
      Duration keepAliveInterval,
      Duration period,
      Duration timeout) {
    String agentToken =
        DevTokens.sign(jwtSecret, siteId, "probe-agent", "agent", TOKEN_LIFETIME, OptionalInt.of(maxChats));
    String visitorToken =
        DevTokens.sign(jwtSecret, siteId, "probe-visitor", "visitor", TOKEN_LIFETIME, OptionalInt.empty());
    return new PathProbe(
        siteId,
        offers,
        period,
        timeout,
        URI.create(webSocketUrl + "?token=" + agentToken + "&status=available"),
        URI.create(webSocketUrl + "?token=" + visitorToken),
        keepAliveInterval);
  }

  /** Starts requesting chats, one at a time, until {@link #stop()}. */
  public synchronized void start() {
    if (sampler != null) {
      throw new IllegalStateException("the probe starts once");
    }
    running = true;
    sampler = new Thread(this::sample, "bench-path-probe");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Stops after the chat in progress. */
  public void stop() throws InterruptedException {
    running = false;
    Thread thread;
    synchronized (this) {
      thread = sampler;
    }
    if (thread != null) {
      thread.join(timeout.toMillis() * 3);
    }
  }

  /** The samples whose request was sent from {@code fromNanos} (inclusive) to {@code toNanos}. */
  public Result between(long fromNanos, long toNanos) {
    List<Long> nanos =
        samples.stream()
            .filter(s -> s.startNanos() >= fromNanos && s.startNanos() < toNanos)
            .map(Sample::nanos)
            .toList();
    return new Result(
        LatencySummary.ofNanos(nanos),
        (int) queuedStarts.stream().filter(t -> t >= fromNanos && t < toNanos).count(),
        (int) failedStarts.stream().filter(t -> t >= fromNanos && t < toNanos).count(),
        requested.get(),
        period.toMillis());
  }

  /** Chats requested so far: each costs what any chat costs, so capacity per chat counts them. */
  public int chatsRequested() {
    return requested.get();
  }

  public String siteId() {
    return siteId;
  }

  private void sample() {
    int n = 0;
    while (running) {
      String chatId = siteId + "-chat-" + (++n);
      CompletableFuture<Long> arrival = new CompletableFuture<>();
      arrivals.put(chatId, arrival);
      long start = System.nanoTime();
      requested.incrementAndGet();
      try {
        Frame ack = visitor.request("requestChat", Map.of("chatId", chatId)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if ("error".equals(ack.type())) {
          failedStarts.add(start);
        } else {
          long remaining = Math.max(1, timeout.toNanos() - (System.nanoTime() - start));
          long at = arrival.get(remaining, TimeUnit.NANOSECONDS);
          if (!offers && queued.contains(chatId)) {
            queuedStarts.add(start);
          } else {
            samples.add(new Sample(start, at - start));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        failedStarts.add(start);
      } finally {
        arrivals.remove(chatId);
      }
      try {
        visitor.request("endChat", Map.of("chatId", chatId)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        // The next chat has seats enough; an end that failed shows as a queued or failed sample.
      }
      long next = start + period.toNanos();
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    keepAlive.shutdownNow();
    CompletableFuture.allOf(agent.close(), visitor.close()).join();
  }

  private final class AgentFrames implements BenchSocket.Listener {
    @Override
    public void onFrame(BenchSocket socket, Frame frame) {
      String type = frame.type();
      if ("chat.assigned".equals(type) || "chat.offered".equals(type)) {
        CompletableFuture<Long> arrival = arrivals.get(frame.chatId());
        if (arrival != null) {
          arrival.complete(frame.receivedNanos());
        }
      }
      if ("chat.offered".equals(type)) {
        socket.request("acceptChat", Map.of("chatId", frame.chatId())).exceptionally(e -> null);
      }
    }

    @Override
    public void onClosed(BenchSocket socket) {}
  }

  private final class VisitorFrames implements BenchSocket.Listener {
    @Override
    public void onFrame(BenchSocket socket, Frame frame) {
      if ("chat.queued".equals(frame.type())) {
        queued.add(frame.chatId());
      }
    }

    @Override
    public void onClosed(BenchSocket socket) {}
  }
}
