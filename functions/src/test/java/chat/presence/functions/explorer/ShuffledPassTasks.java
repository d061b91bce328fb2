package chat.presence.functions.explorer;

import chat.presence.functions.routing.PassTasks;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A router pass's tasks on the pass's own thread (the scheduler's actor), so that every call stays
 * under the explorer: the finishing of granted chats is put off to the end of the pass and run in a
 * shuffled order, so later chats may finish before earlier ones, as on a pool. A failing task
 * does not stop the others, as on a pool; a crash of the process does.
 */
final class ShuffledPassTasks implements PassTasks {
  private final Random random;

  /** The same seed gives the same orders for the same passes, so a run replays. */
  ShuffledPassTasks(long seed) {
    this.random = new Random(seed);
  }

  @Override
  public Batch batch() {
    return new Batch() {
      private final List<Runnable> putOff = new ArrayList<>();

      @Override
      public void submit(Runnable task) {
        putOff.add(task);
      }

      @Override
      public void awaitAll() {
        RuntimeException first = null;
        while (!putOff.isEmpty()) {
          try {
            putOff.remove(random.nextInt(putOff.size())).run();
          } catch (RuntimeException failure) {
            first = first == null ? failure : first;
          }
        }
        if (first != null) {
          throw first;
        }
      }
    };
  }
}
