package chat.presence.bench.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The simulated agents' side of offers: records each offer once, has its chat read before the
 * agent answers (so that the check knows the offer's grant version even if it is later withdrawn),
 * and answers as the agent would: never, for the agents that never accept, otherwise after a think
 * time, accepting or declining.
 */
final class OfferResponder implements AutoCloseable {
  private static final int READING_THREADS = 2;

  private final OfferAnswers answers;
  private final OfferReads reads;
  private final ScheduledExecutorService clock;
  private final RequestTracker requests;
  private final ExecutorService reading =
      Executors.newFixedThreadPool(
          READING_THREADS,
          r -> {
            Thread thread = new Thread(r, "bench-offer-reads");
            thread.setDaemon(true);
            return thread;
          });
  /** By agent, chat and expiry: one offer however many connections announce it, and however often. */
  private final ConcurrentMap<String, OfferRecord> offers = new ConcurrentHashMap<>();
  /** By agent and chat: the offer a withdrawal or an assignment of that chat to that agent is about. */
  private final ConcurrentMap<String, OfferRecord> latest = new ConcurrentHashMap<>();
  private final AtomicInteger readsInFlight = new AtomicInteger();
  private final LongAdder readsFailed = new LongAdder();

  OfferResponder(OfferAnswers answers, OfferReads reads, ScheduledExecutorService clock, RequestTracker requests) {
    this.answers = answers;
    this.reads = reads;
    this.clock = clock;
    this.requests = requests;
  }

  void offered(SimAgent agent, Frame frame, Optional<ChatRecord> chat) {
    Instant expiresAt = Instant.parse(frame.json().path("expiresAt").asText());
    OfferRecord offer =
        new OfferRecord(
            frame.chatId(), frame.json().path("siteId").asText(), agent.agentId(), expiresAt, frame.receivedNanos());
    if (offers.putIfAbsent(agent.agentId() + "/" + frame.chatId() + "/" + expiresAt, offer) != null) {
      return;
    }
    latest.put(key(agent, frame), offer);
    chat.ifPresent(c -> c.offered(frame.receivedNanos()));
    read(() -> reads.verify(offer)).whenComplete((ignored, error) -> answerLater(agent, offer));
  }

  void withdrawn(SimAgent agent, Frame frame) {
    OfferRecord offer = latest.get(key(agent, frame));
    if (offer != null && offer.withdrawn()) {
      agent.sawWithdrawal();
      readTimeline(agent);
    }
  }

  void assigned(SimAgent agent, Frame frame) {
    Optional.ofNullable(latest.get(key(agent, frame))).ifPresent(offer -> offer.assigned(frame.receivedNanos()));
  }

  List<OfferRecord> all() {
    return List.copyOf(offers.values());
  }

  /** Reads that failed: each an offer left unchecked, or a timeline left unread. */
  long readsFailed() {
    return readsFailed.sum();
  }

  /** Waits, within the timeout, for the reads under way, so that the checks see their results. */
  void awaitReads(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (readsInFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    reading.shutdownNow();
  }

  private void answerLater(SimAgent agent, OfferRecord offer) {
    if (agent.neverAccepts() || clock.isShutdown()) {
      return;
    }
    long wait = offer.receivedNanos() + answers.thinkTime().toNanos() - System.nanoTime();
    clock.schedule(() -> answer(agent, offer), Math.max(0, wait), TimeUnit.NANOSECONDS);
  }

  private void answer(SimAgent agent, OfferRecord offer) {
    BenchSocket socket = agent.primary();
    Map<String, String> chat = Map.of("chatId", offer.chatId());
    if (ThreadLocalRandom.current().nextDouble() < answers.declineShare()) {
      offer.declineSent(System.currentTimeMillis());
      requests.track("declineChat", socket.request("declineChat", chat)).thenAccept(ack -> offer.declined());
    } else {
      offer.acceptSent(System.nanoTime());
      // An accept makes an unresponsive agent responsive again, with a timeline entry whose
      // version the check needs; only an agent that had an offer withdrawn can be unresponsive.
      requests
          .track("acceptChat", socket.request("acceptChat", chat))
          .thenAccept(
              ack -> {
                if (agent.hadWithdrawal()) {
                  readTimeline(agent);
                }
              });
    }
  }

  private void readTimeline(SimAgent agent) {
    read(() -> agent.timelineRead(reads.timeline(agent)));
  }

  private CompletableFuture<Void> read(Runnable task) {
    readsInFlight.incrementAndGet();
    try {
      return CompletableFuture.runAsync(task, reading)
          .whenComplete(
              (ignored, error) -> {
                readsInFlight.decrementAndGet();
                if (error != null) {
                  readsFailed.increment();
                }
              });
    } catch (RejectedExecutionException closed) {
      // The phase is over: nothing is checked any more.
      readsInFlight.decrementAndGet();
      return CompletableFuture.failedFuture(closed);
    }
  }

  private static String key(SimAgent agent, Frame frame) {
    return agent.agentId() + "/" + frame.chatId();
  }
}
