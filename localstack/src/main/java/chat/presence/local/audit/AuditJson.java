package chat.presence.local.audit;

import chat.presence.functions.audit.AuditReport;
import chat.presence.functions.audit.Finding;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit as {@code GET /local/audit} answers it: {@code {"clean", "findings": [{"kind", "ids",
 * "details", "line"}], "summary", "agents", "chats"}}.
 */
final class AuditJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditJson() {}

  static String encode(AuditReport report) {
    ObjectNode root = JSON.createObjectNode().put("clean", report.clean());
    var findings = root.putArray("findings");
    for (Finding finding : report.findings()) {
      ObjectNode node = findings.addObject().put("kind", finding.kind().name());
      node.set("ids", JSON.valueToTree(finding.ids()));
      node.set("details", JSON.valueToTree(finding.details()));
      node.put("line", finding.line());
    }
    root.set("notices", JSON.valueToTree(report.notices()));
    root.put("summary", report.summary())
        .put("agents", report.agents())
        .put("chats", report.chats());
    return root.toString();
  }

  /** What the command line prints: the findings' lines, the notices and the summary. */
  static Answer decode(String body) throws JsonProcessingException {
    JsonNode root = JSON.readTree(body);
    List<String> lines = new ArrayList<>();
    root.path("findings").forEach(finding -> lines.add(finding.path("line").asText()));
    List<String> notices = new ArrayList<>();
    root.path("notices").forEach(notice -> notices.add(notice.asText()));
    return new Answer(lines, notices, root.path("summary").asText());
  }

  record Answer(List<String> findingLines, List<String> notices, String summary) {
    boolean clean() {
      return findingLines.isEmpty();
    }
  }
}
