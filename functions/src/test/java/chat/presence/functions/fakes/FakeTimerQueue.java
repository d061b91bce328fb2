package chat.presence.functions.fakes;

import chat.presence.functions.aws.RoutingQueue;
import chat.presence.functions.aws.TimerQueue;
import chat.presence.model.routing.RoutingEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The timer queue and its forwarder, as the explorer needs them: a scheduled event waits (its delay
 * rounded up to whole seconds, as SQS takes it) until the driver fires what is due into the routing
 * queue. The hook sees the scheduling call, as it sees every SQS call.
 */
public final class FakeTimerQueue implements TimerQueue {
  private record Timer(Instant due, RoutingEvent event) {}

  private final Clock clock;
  private final List<Timer> waiting = new ArrayList<>();
  private volatile IoHook hook = IoHook.NONE;
  private int continuations;

  public FakeTimerQueue(Clock clock) {
    this.clock = clock;
  }

  public void setHook(IoHook hook) {
    this.hook = hook;
  }

  @Override
  public void schedule(RoutingEvent event, Duration delay) {
    IoCall call = new IoCall("sqs", "SendMessage", "timers " + event.siteId(), true);
    IoHook current = hook;
    current.before(call);
    long seconds = Math.max(0, (delay.toMillis() + 999) / 1000);
    synchronized (this) {
      waiting.add(new Timer(clock.instant().plusSeconds(seconds), event));
      if (event instanceof RoutingEvent.PassContinues) {
        continuations++;
      }
    }
    current.after(call);
  }

  /** Forwards every event that is due to the routing queue; returns how many. */
  public synchronized int fireDue(RoutingQueue routing) {
    Instant now = clock.instant();
    List<Timer> due = waiting.stream().filter(t -> !t.due().isAfter(now)).toList();
    waiting.removeAll(due);
    due.forEach(t -> routing.publish(t.event()));
    return due.size();
  }

  /** Router passes that stopped at their bound and sent themselves a continuation. */
  public synchronized int continuations() {
    return continuations;
  }

  public synchronized int waiting() {
    return waiting.size();
  }
}
