package chat.presence.functions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuditReportTest {
  private static final Finding OVER_CAPACITY =
      Finding.of(FindingKind.OVER_CAPACITY)
          .id("site", "s1")
          .id("agent", "ann")
          .detail("active", 4)
          .detail("max", 3)
          .build();
  private static final Finding DEAD_LETTERS =
      Finding.of(FindingKind.DEAD_LETTERS).id("queue", "dlq.fifo").detail("messages", 1).build();

  @Test
  void findingsAreOrderedByKindAndTheSummaryCountsEachKindFound() {
    var report = new AuditReport(List.of(DEAD_LETTERS, OVER_CAPACITY), 2, 5);

    assertThat(report.findings()).containsExactly(OVER_CAPACITY, DEAD_LETTERS);
    assertThat(report.summary())
        .isEqualTo("audit: 2 findings (OVER_CAPACITY=1, DEAD_LETTERS=1); 2 agents, 5 chats");
  }

  @Test
  void countsByKindIncludeKindsNotFound() {
    var counts = new AuditReport(List.of(OVER_CAPACITY), 1, 0).countsByKind();

    assertThat(counts).hasSize(FindingKind.values().length);
    assertThat(counts.get(FindingKind.OVER_CAPACITY)).isEqualTo(1);
    assertThat(counts.get(FindingKind.DEAD_LETTERS)).isZero();
  }

  @Test
  void aFindingIsConfirmedOnlyWhenTheSecondReadShowsItAgainWithItsNewDetails() {
    var passing =
        Finding.of(FindingKind.ASSIGNED_NOT_HELD)
            .id("site", "s1")
            .id("chat", "c1")
            .id("agent", "ann")
            .build();
    var grown =
        Finding.of(FindingKind.OVER_CAPACITY)
            .id("site", "s1")
            .id("agent", "ann")
            .detail("active", 5)
            .detail("max", 3)
            .build();
    var first = new AuditReport(List.of(OVER_CAPACITY, passing), 1, 1);
    var second = new AuditReport(List.of(grown, DEAD_LETTERS), 1, 2);

    var confirmed = first.confirmedBy(second);

    assertThat(confirmed.findings()).containsExactly(grown);
    assertThat(confirmed.chats()).isEqualTo(2);
  }

  @Test
  void aCleanReportSaysSo() {
    var report = new AuditReport(List.of(), 0, 0);

    assertThat(report.clean()).isTrue();
    assertThat(report.summary()).isEqualTo("audit: no findings; 0 agents, 0 chats");
  }
}
