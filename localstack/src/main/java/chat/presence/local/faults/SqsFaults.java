package chat.presence.local.faults;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Makes the handlers' SQS calls fail on purpose, for tests of a lost routing event. Wired into the
 * local runtime's SQS client and reachable only through the Java API, never from a client.
 */
public final class SqsFaults implements ExecutionInterceptor {
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final AtomicInteger injected = new AtomicInteger();

  /** The next {@code times} calls that match fail as if the queue could not be reached. */
  public void failNext(int times, Predicate<SdkRequest> match) {
    rules.add(new Rule(match, new AtomicInteger(times)));
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
      if (rule.match().test(context.request()) && rule.remaining().getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
        injected.incrementAndGet();
        throw SdkClientException.create("injected: the queue could not be reached");
      }
    }
  }

  private record Rule(Predicate<SdkRequest> match, AtomicInteger remaining) {}
}
