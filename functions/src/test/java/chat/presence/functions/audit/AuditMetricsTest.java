package chat.presence.functions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.functions.audit.AuditMetrics.Datum;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditMetricsTest {
  @Test
  void theTotalHasNoDimensionAndEveryKindHasItsOwnCountZerosIncluded() {
    var finding =
        Finding.of(FindingKind.HELD_BY_TWO_AGENTS).id("site", "s1").id("chat", "c1").build();
    var data = AuditMetrics.of(new AuditReport(List.of(finding, finding), 2, 1));

    assertThat(data).hasSize(1 + FindingKind.values().length);
    assertThat(data)
        .contains(
            new Datum("AuditViolations", 2, Map.of()),
            new Datum("AuditViolations", 2, Map.of("Kind", "HELD_BY_TWO_AGENTS")),
            new Datum("AuditViolations", 0, Map.of("Kind", "DEAD_LETTERS")));
  }
}
