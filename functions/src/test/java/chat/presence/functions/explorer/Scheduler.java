package chat.presence.functions.explorer;

import chat.presence.functions.fakes.IoCall;
import chat.presence.functions.fakes.IoHook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Runs handler invocations as actors, one at a time: an actor runs until its next call to a fake
 * service and parks there, and the explorer decides which parked actor goes on next and with what
 * {@link Fate}. Every interleaving at the granularity of service calls is reachable, and a run is a
 * pure function of the decisions taken, so a seed replays exactly.
 */
final class Scheduler implements IoHook {
  /** One handler invocation in flight. */
  static final class Actor {
    final int id;
    final String name;
    final Instant deadline;
    private final Semaphore go = new Semaphore(0);
    private volatile IoCall parkedAt;
    private volatile Fate fate = Fate.PROCEED;
    private Fate afterFate;
    /** The call whose answer was lost and which is sent again, if the fake asks. */
    private IoCall resend;
    private volatile boolean done;
    private volatile Object result;
    private volatile Throwable thrown;

    private Actor(int id, String name, Instant deadline) {
      this.id = id;
      this.name = name;
      this.deadline = deadline;
    }

    boolean done() {
      return done;
    }

    Optional<IoCall> parkedAt() {
      return Optional.ofNullable(parkedAt);
    }

    Object result() {
      return result;
    }

    /** Empty if the invocation returned normally. */
    Optional<Throwable> thrown() {
      return Optional.ofNullable(thrown);
    }

    @Override
    public String toString() {
      return name + "#" + id;
    }
  }

  private final Semaphore control = new Semaphore(0);
  private final ThreadLocal<Actor> current = new ThreadLocal<>();
  private final Map<Integer, Actor> live = new LinkedHashMap<>();
  private final SimClock clock;
  private int spawned;

  Scheduler(SimClock clock) {
    this.clock = clock;
  }

  /** Starts an invocation and runs it to its first service call (or to its end). */
  Actor spawn(int id, String name, Instant deadline, Supplier<Object> body) {
    Actor actor = new Actor(id, name, deadline);
    spawned++;
    Thread thread =
        new Thread(
            () -> {
              current.set(actor);
              try {
                actor.go.acquireUninterruptibly();
                actor.result = body.get();
              } catch (Throwable t) {
                actor.thrown = t;
              } finally {
                actor.done = true;
                control.release();
              }
            },
            "actor-" + actor);
    thread.setDaemon(true);
    live.put(id, actor);
    thread.start();
    handOver(actor);
    return actor;
  }

  /** Lets a parked actor's call go ahead with the given fate, and runs it to its next call. */
  void resume(Actor actor, Fate fate) {
    if (actor.done || actor.parkedAt == null) {
      throw new IllegalStateException(actor + " is not parked");
    }
    // Lambda stops an invocation at its timeout: past it, the next call never leaves.
    actor.fate = clock.instant().isAfter(actor.deadline) ? Fate.CRASH_BEFORE : fate;
    handOver(actor);
  }

  private void handOver(Actor actor) {
    actor.parkedAt = null;
    actor.go.release();
    control.acquireUninterruptibly();
    if (actor.done) {
      live.remove(actor.id);
    }
  }

  /** How many invocations were started. */
  int spawned() {
    return spawned;
  }

  Optional<Actor> actor(int id) {
    return Optional.ofNullable(live.get(id));
  }

  /** The invocations parked at a service call, in the order they were started. */
  List<Actor> parked() {
    return new ArrayList<>(live.values());
  }

  /** Kills every invocation still in flight, so that no thread outlives the run. */
  void killAll() {
    for (Actor actor : parked()) {
      while (!actor.done) {
        resume(actor, Fate.CRASH_BEFORE);
      }
    }
  }

  @Override
  public void before(IoCall call) {
    Actor actor = current.get();
    if (actor == null) {
      return;
    }
    actor.parkedAt = call;
    actor.resend = null;
    control.release();
    actor.go.acquireUninterruptibly();
    Fate fate = actor.fate;
    actor.fate = Fate.PROCEED;
    switch (fate) {
      case CRASH_BEFORE -> throw new ProcessCrash(actor + " died before " + call);
      case FAIL_BEFORE -> throw failure(call, "throttled");
      case FAIL_AFTER, CRASH_AFTER, RESENT -> actor.afterFate = fate;
      case PROCEED -> {}
    }
  }

  @Override
  public void after(IoCall call) {
    Actor actor = current.get();
    if (actor == null || actor.afterFate == null) {
      return;
    }
    Fate fate = actor.afterFate;
    actor.afterFate = null;
    if (fate == Fate.CRASH_AFTER) {
      throw new ProcessCrash(actor + " died after " + call);
    }
    if (fate == Fate.RESENT) {
      actor.resend = call;
      return;
    }
    throw failure(call, "answer lost");
  }

  @Override
  public boolean resent(IoCall call) {
    Actor actor = current.get();
    if (actor == null || actor.resend != call) {
      return false;
    }
    actor.resend = null;
    return true;
  }

  private static RuntimeException failure(IoCall call, String what) {
    if (call.service().equals("dynamodb") && what.equals("throttled")) {
      return ProvisionedThroughputExceededException.builder()
          .message("injected: " + what + " at " + call)
          .statusCode(400)
          .awsErrorDetails(
              AwsErrorDetails.builder()
                  .errorCode("ProvisionedThroughputExceededException")
                  .serviceName("DynamoDb")
                  .build())
          .build();
    }
    return SdkClientException.create("injected: " + what + " at " + call);
  }
}
