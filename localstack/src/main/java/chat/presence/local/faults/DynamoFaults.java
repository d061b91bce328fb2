package chat.presence.local.faults;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Makes the handlers' DynamoDB calls fail on purpose, for tests of failure handling. It is wired
 * into the local runtime's clients and reachable only through the Java API, never from a client.
 */
public final class DynamoFaults implements ExecutionInterceptor {
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final AtomicInteger injected = new AtomicInteger();
  private final List<Rule> stalls = new CopyOnWriteArrayList<>();
  private final AtomicReference<Duration> stallDuration = new AtomicReference<>(Duration.ZERO);
  private final AtomicReference<Double> attemptFaults = new AtomicReference<>(0.0);

  /** The next {@code times} calls that match fail with the given exception. */
  public void failNext(int times, Predicate<SdkRequest> match, Supplier<? extends RuntimeException> failure) {
    rules.add(new Rule(match, new AtomicInteger(times), 1.0, failure));
  }

  /**
   * Until {@link #clear()}, each attempt of every call fails with the given probability, half of
   * them as throttling before the request reaches the table (nothing written), half as a timeout
   * after it did (written, but the caller does not know). The SDK retries both, as it would
   * against DynamoDB, so a retried conditional write may find its own earlier success.
   */
  public void throttleAndTimeOut(double probability) {
    attemptFaults.set(probability);
  }

  /** The next {@code times} calls that match wait this long first, like a stalled process. */
  public void stallNext(int times, Predicate<SdkRequest> match, Duration stall) {
    stalls.add(new Rule(match, new AtomicInteger(times), 1.0, () -> null));
    stallDuration.set(stall);
  }

  /** Every matching call fails with the given probability, until {@link #clear()}. */
  public void failFraction(double probability, Predicate<SdkRequest> match, Supplier<? extends RuntimeException> failure) {
    rules.add(new Rule(match, new AtomicInteger(Integer.MAX_VALUE), probability, failure));
  }

  public void clear() {
    rules.clear();
    stalls.clear();
    attemptFaults.set(0.0);
  }

  /** How many calls have been made to fail so far. */
  public int injected() {
    return injected.get();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    for (Rule rule : stalls) {
      if (rule.matches(context.request())) {
        injected.incrementAndGet();
        sleep(stallDuration.get());
      }
    }
    for (Rule rule : rules) {
      if (rule.matches(context.request())) {
        injected.incrementAndGet();
        throw rule.failure.get();
      }
    }
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    if (attemptFails()) {
      throw ProvisionedThroughputExceededException.builder()
          .message("injected: throughput exceeded")
          .statusCode(400)
          .awsErrorDetails(
              AwsErrorDetails.builder()
                  .errorCode("ProvisionedThroughputExceededException")
                  .serviceName("DynamoDb")
                  .build())
          .build();
    }
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    if (attemptFails()) {
      throw SdkClientException.create(
          "injected: response lost", new SocketTimeoutException("injected: read timed out"));
    }
  }

  private boolean attemptFails() {
    double probability = attemptFaults.get() / 2;
    if (probability > 0 && ThreadLocalRandom.current().nextDouble() < probability) {
      injected.incrementAndGet();
      return true;
    }
    return false;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Rule(
      Predicate<SdkRequest> match,
      AtomicInteger remaining,
      double probability,
      Supplier<? extends RuntimeException> failure) {
    boolean matches(SdkRequest request) {
      if (!match.test(request) || ThreadLocalRandom.current().nextDouble() >= probability) {
        return false;
      }
      return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
  }
}
