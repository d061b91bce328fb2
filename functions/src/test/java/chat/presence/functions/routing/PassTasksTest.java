package chat.presence.functions.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PassTasksTest {

  @Test
  void tasksOnThreadsRunBesideThePassAndAllHaveEndedWhenItsWaitReturns() throws InterruptedException {
    PassTasks.Batch batch = PassTasks.onThreads(4).batch();
    CountDownLatch passGoesOn = new CountDownLatch(1);
    Set<String> ranOn = ConcurrentHashMap.newKeySet();
    AtomicBoolean lastEnded = new AtomicBoolean();
    for (int i = 0; i < 3; i++) {
      batch.submit(
          () -> {
            ranOn.add(Thread.currentThread().getName());
            awaitQuietly(passGoesOn);
          });
    }
    batch.submit(
        () -> {
          awaitQuietly(passGoesOn);
          lastEnded.set(true);
        });
    // The tasks wait for the pass's thread: run on it, they would never have let it get here.
    passGoesOn.countDown();
    batch.awaitAll();

    assertThat(lastEnded).isTrue();
    assertThat(ranOn).isNotEmpty().allMatch(name -> name.startsWith("router-pass-"));
  }

  @Test
  void theWaitRethrowsTheFirstFailureOnlyAfterTheOtherTasksEnded() {
    PassTasks.Batch batch = PassTasks.onThreads(3).batch();
    AtomicBoolean slowOneEnded = new AtomicBoolean();
    batch.submit(
        () -> {
          sleepQuietly(200);
          slowOneEnded.set(true);
        });
    batch.submit(
        () -> {
          throw new IllegalStateException("storage failed");
        });

    assertThatThrownBy(batch::awaitAll).isInstanceOf(IllegalStateException.class).hasMessage("storage failed");
    assertThat(slowOneEnded).isTrue();
  }

  /**
   * Seen failing before the wait read the started work afresh: it awaited only what had started
   * when it began, and returned while the task started by a task still ran.
   */
  @Test
  void workThatATaskStartsIsAwaitedToo() {
    PassTasks.Batch batch = PassTasks.onThreads(3).batch();
    AtomicBoolean startedLaterEnded = new AtomicBoolean();
    batch.submit(
        () -> {
          sleepQuietly(100);
          batch.submit(
              () -> {
                sleepQuietly(200);
                startedLaterEnded.set(true);
              });
        });

    batch.awaitAll();

    assertThat(startedLaterEnded).isTrue();
  }

  @Test
  void oneThreadRunsEachTaskBeforeSubmitReturns() {
    PassTasks.Batch batch = PassTasks.onThreads(1).batch();
    AtomicBoolean ran = new AtomicBoolean();
    batch.submit(() -> ran.set(true));

    assertThat(ran).isTrue();
    assertThatThrownBy(() -> PassTasks.onThreads(0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the pass's thread never went on");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
