package chat.presence.bench.sim;

import chat.presence.bench.measure.LatencySummary;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Follows every request of a phase until it is answered: how many are in flight, and which went
 * unanswered or were answered with an error.
 */
final class RequestTracker {
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ConcurrentMap<String, LongAdder> unanswered = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Queue<Long>> roundTrips = new ConcurrentHashMap<>();

  /** Completes with the answer when it is not an error; fails otherwise, after counting it. */
  CompletableFuture<Frame> track(String action, CompletableFuture<Frame> answer) {
    long sent = System.nanoTime();
    inFlight.incrementAndGet();
    CompletableFuture<Frame> success = new CompletableFuture<>();
    answer.whenComplete(
        (frame, error) -> {
          inFlight.decrementAndGet();
          if (error != null) {
            unanswered.computeIfAbsent(action, a -> new LongAdder()).increment();
            success.completeExceptionally(error);
          } else if ("error".equals(frame.type())) {
            errors.computeIfAbsent(action + ":" + frame.json().path("code").asText(), k -> new LongAdder()).increment();
            success.completeExceptionally(new IllegalStateException(frame.json().toString()));
          } else {
            roundTrips.computeIfAbsent(action, a -> new ConcurrentLinkedQueue<>()).add(frame.receivedNanos() - sent);
            success.complete(frame);
          }
        });
    return success;
  }

  int inFlight() {
    return inFlight.get();
  }

  long unansweredTotal() {
    return unanswered.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Requests without an answer within the timeout, by action. */
  Map<String, Long> unanswered() {
    return counts(unanswered);
  }

  /** Error answers, by action and code. */
  Map<String, Long> errors() {
    return counts(errors);
  }

  /** Each action's answered requests, from the request to its answer: an upper bound of its handler's time. */
  Map<String, LatencySummary> roundTrips() {
    Map<String, LatencySummary> summaries = new TreeMap<>();
    roundTrips.forEach((action, nanos) -> summaries.put(action, LatencySummary.ofNanos(java.util.List.copyOf(nanos))));
    return summaries;
  }

  private static Map<String, Long> counts(Map<String, LongAdder> adders) {
    Map<String, Long> counts = new TreeMap<>();
    adders.forEach((k, v) -> counts.put(k, v.sum()));
    return counts;
  }
}
