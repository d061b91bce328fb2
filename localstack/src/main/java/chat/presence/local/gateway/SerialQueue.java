package chat.presence.local.gateway;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's invocations one at a time, in the order they were submitted, on a pool
 * shared by all connections. A single drain task works through the backlog, so a queue that has
 * started keeps going even after the pool stops accepting new work.
 */
final class SerialQueue {
  private static final Logger log = LoggerFactory.getLogger(SerialQueue.class);

  private final Executor pool;
  private final Queue<Runnable> pending = new ArrayDeque<>();
  private boolean draining;

  SerialQueue(Executor pool) {
    this.pool = pool;
  }

  void submit(Runnable task) {
    synchronized (this) {
      pending.add(task);
      if (draining) {
        return;
      }
      draining = true;
    }
    try {
      pool.execute(this::drain);
    } catch (RejectedExecutionException stopping) {
      synchronized (this) {
        pending.clear();
        draining = false;
      }
      log.debug("Gateway is stopping; invocation dropped");
    }
  }

  private void drain() {
    for (Runnable task = next(); task != null; task = next()) {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("Invocation failed", e);
      }
    }
  }

  private synchronized Runnable next() {
    Runnable task = pending.poll();
    if (task == null) {
      draining = false;
    }
    return task;
  }
}
