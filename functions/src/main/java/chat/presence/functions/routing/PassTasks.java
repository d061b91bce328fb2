package chat.presence.functions.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a router pass runs the work that does not wait on its queue-order decisions: finishing each
 * granted chat (recording and announcing it). A pass decides and grants in queue order on its own
 * thread; the rest may run beside it. Whatever runs where, a pass ends only after all of its work
 * has ended, so no call of a pass outlives it.
 */
public interface PassTasks {

  /** The work of one pass. */
  Batch batch();

  /** One pass's work. Used by the pass's threads at once, so implementations are thread-safe. */
  interface Batch {
    /** Runs the task now or later, on this thread or another. */
    void submit(Runnable task);

    /** Returns once every task submitted has ended; if any failed, throws the first failure after that. */
    void awaitAll();
  }

  /** Everything on the pass's thread, in the order asked: a sequential pass. */
  static PassTasks inline() {
    return () ->
        new Batch() {
          @Override
          public void submit(Runnable task) {
            task.run();
          }

          @Override
          public void awaitAll() {}
        };
  }

  /**
   * On a pool of daemon threads built once per process and shared by its passes (one at a time in
   * a Lambda environment); one thread means {@link #inline()}.
   */
  static PassTasks onThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("a router needs at least one thread, got " + threads);
    }
    if (threads == 1) {
      return inline();
    }
    AtomicInteger named = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads - 1,
            runnable -> {
              Thread thread = new Thread(runnable, "router-pass-" + named.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    return () -> new PooledBatch(pool);
  }

  /** A batch on a pool: each piece of work is a future, all awaited at the end. */
  final class PooledBatch implements Batch {
    private final ExecutorService pool;
    private final List<CompletableFuture<?>> started = new ArrayList<>();

    private PooledBatch(ExecutorService pool) {
      this.pool = pool;
    }

    @Override
    public void submit(Runnable task) {
      track(CompletableFuture.runAsync(task, pool));
    }

    @Override
    public void awaitAll() {
      RuntimeException first = null;
      for (int awaited = 0; ; awaited++) {
        Optional<CompletableFuture<?>> next = startedAt(awaited);
        if (next.isEmpty()) {
          break;
        }
        try {
          unwrapped(next.get());
        } catch (RuntimeException failure) {
          first = first == null ? failure : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }

    private synchronized void track(CompletableFuture<?> future) {
      started.add(future);
    }

    /**
     * The {@code index}th piece of work started, if there is one: read afresh at each step of the
     * wait, since a task may start more (a chat that goes back to the queue while it finishes may be
     * granted again there, and that grant's view is published as a task of its own).
     */
    private synchronized Optional<CompletableFuture<?>> startedAt(int index) {
      return index < started.size() ? Optional.of(started.get(index)) : Optional.empty();
    }

    private static void unwrapped(CompletableFuture<?> future) {
      try {
        future.join();
      } catch (CompletionException wrapped) {
        if (wrapped.getCause() instanceof RuntimeException failure) {
          throw failure;
        }
        if (wrapped.getCause() instanceof Error error) {
          throw error;
        }
        throw wrapped;
      }
    }
  }
}
