package chat.presence.local.faults;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Makes the handlers' DynamoDB calls fail on purpose, for tests of failure handling. It is wired
 * into the local runtime's clients and reachable only through the Java API, never from a client.
 */
public final class DynamoFaults implements ExecutionInterceptor {
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final AtomicInteger injected = new AtomicInteger();

  /** The next {@code times} calls that match fail with the given exception. */
  public void failNext(int times, Predicate<SdkRequest> match, Supplier<? extends RuntimeException> failure) {
    rules.add(new Rule(match, new AtomicInteger(times), 1.0, failure));
  }

  /** Every matching call fails with the given probability, until {@link #clear()}. */
  public void failFraction(double probability, Predicate<SdkRequest> match, Supplier<? extends RuntimeException> failure) {
    rules.add(new Rule(match, new AtomicInteger(Integer.MAX_VALUE), probability, failure));
  }

  public void clear() {
    rules.clear();
  }

  /** How many calls have been made to fail so far. */
  public int injected() {
    return injected.get();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    for (Rule rule : rules) {
      if (rule.matches(context.request())) {
        injected.incrementAndGet();
        throw rule.failure.get();
      }
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
