package chat.presence.model.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PendingKeyTest {
  private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  @Test
  void requeuedChatSortsBeforeEveryNewRequestOfItsPriorityWhateverTheTimes() {
    String requeuedLate = PendingKey.forRequeue(0, T0.plus(Duration.ofDays(365)), "zzz");
    String requestedEarly = PendingKey.forRequest(0, Instant.ofEpochMilli(0), "aaa");

    assertThat(requeuedLate).isLessThan(requestedEarly);
  }

  @Test
  void newRequestsSortByRequestTimeRegardlessOfChatId() {
    String earlier = PendingKey.forRequest(0, T0, "zzz-last-alphabetically");
    String later = PendingKey.forRequest(0, T0.plusMillis(1), "aaa-first-alphabetically");

    assertThat(earlier).isLessThan(later);
  }

  @Test
  void requeuedChatsSortAmongThemselvesByRequestTime() {
    String earlier = PendingKey.forRequeue(0, T0, "zzz");
    String later = PendingKey.forRequeue(0, T0.plusMillis(1), "aaa");

    assertThat(earlier).isLessThan(later);
  }

  @Test
  void chatsRequestedInTheSameMillisecondGetDistinctKeys() {
    assertThat(PendingKey.forRequest(0, T0, "chat-1")).isNotEqualTo(PendingKey.forRequest(0, T0, "chat-2"));
  }

  @ParameterizedTest
  @CsvSource({
    "9, 10",
    "999, 1000",
    "999999999999, 1000000000000", // 12 -> 13 digits
    "9999999999999, 10000000000000", // 13 -> 14 digits (year 2286)
    "99999999999999, 100000000000000" // 14 -> 15 digits
  })
  void lexicalOrderMatchesTimeOrderAcrossDigitCountChanges(long earlierMillis, long laterMillis) {
    Instant earlier = Instant.ofEpochMilli(earlierMillis);
    Instant later = Instant.ofEpochMilli(laterMillis);

    assertThat(PendingKey.forRequest(0, earlier, "z")).isLessThan(PendingKey.forRequest(0, later, "a"));
    assertThat(PendingKey.forRequeue(0, earlier, "z")).isLessThan(PendingKey.forRequeue(0, later, "a"));
  }

  @Test
  void sortingKeysGivesHigherPrioritiesFirstThenRequeuedChatsThenNewRequestsEachInRequestOrder() {
    record Pending(int priority, boolean requeued, Instant requestedAt, String chatId, String key) {}
    Random random = new Random(7);
    List<Pending> pending = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int priority = random.nextInt(ChatRouting.MAX_PRIORITY + 1);
      boolean requeued = random.nextInt(4) == 0;
      Instant at = Instant.ofEpochMilli((long) (random.nextDouble() * 4_000_000_000_000L));
      String chatId = "chat-" + random.nextInt(1000) + "-" + i;
      String key =
          requeued ? PendingKey.forRequeue(priority, at, chatId) : PendingKey.forRequest(priority, at, chatId);
      pending.add(new Pending(priority, requeued, at, chatId, key));
    }

    List<Pending> byKey =
        pending.stream().sorted(Comparator.comparing(Pending::key)).toList();
    List<Pending> byRule =
        pending.stream()
            .sorted(
                Comparator.comparing((Pending p) -> -p.priority())
                    .thenComparing(p -> !p.requeued())
                    .thenComparing(Pending::requestedAt)
                    .thenComparing(Pending::chatId))
            .toList();

    assertThat(byKey).isEqualTo(byRule);
  }

  @Test
  void everyQueuedKeySortsBeforeOffersAnnouncementsAndSettling() {
    String lowestQueued = PendingKey.forRequest(0, T0.plus(Duration.ofDays(3650)), "zzz");

    assertThat(lowestQueued)
        .isLessThan(PendingKey.forOffer(Instant.ofEpochMilli(0), "a"))
        .isLessThan(PendingKey.forAnnouncement(Instant.ofEpochMilli(0), "a"))
        .isLessThan(PendingKey.settlingFloor());
  }
}
