package chat.presence.local.audit;

import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.local.LocalRuntimeCli;
import chat.presence.local.testing.LocalRuntimeExtension;
import chat.presence.local.testing.WsClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** A site used as intended, by real WebSocket clients, breaks no invariant. */
class AuditOfHealthySiteIT {
  @RegisterExtension
  static final LocalRuntimeExtension runtime = LocalRuntimeExtension.forAudits().build();
  private static final AuditDriver audit = new AuditDriver(runtime);

  @Test
  void agentsWithAssignedQueuedAndEndedChatsGiveNoFindingsAndExitZero() {
    String site = LocalRuntimeExtension.uniqueSite();
    try (WsClient ann = audit.agent(site, "ann", 1);
        WsClient bob = audit.agent(site, "bob", 1);
        WsClient carl = audit.agent(site, "carl");
        WsClient vic = audit.visitor(site, "vic")) {
      carl.request("setStatus", Map.of("status", "away"));
      vic.request("requestChat", Map.of("chatId", "c1"));
      vic.awaitEvent("chat.assigned", "c1");
      vic.request("requestChat", Map.of("chatId", "c2"));
      vic.awaitEvent("chat.assigned", "c2");
      vic.request("requestChat", Map.of("chatId", "c3"));
      vic.awaitEvent("chat.queued", "c3");

      var whileQueued = LocalAudit.run(runtime.runtime());
      assertThat(whileQueued.findings()).isEmpty();
      assertThat(whileQueued.agents()).isEqualTo(3);
      assertThat(whileQueued.chats()).isEqualTo(3);

      vic.request("endChat", Map.of("chatId", "c1"));
      vic.awaitEvent("chat.assigned", "c3");

      assertThat(LocalAudit.run(runtime.runtime()).findings()).isEmpty();
      StringWriter out = new StringWriter();
      int exit = cli(out).execute("audit", "--port", Integer.toString(runtime.runtime().port()));
      assertThat(exit).isZero();
      assertThat(out.toString())
          .isEqualTo("audit: no findings; 3 agents, 3 chats" + System.lineSeparator());
    }
  }

  private static CommandLine cli(StringWriter out) {
    return new CommandLine(new LocalRuntimeCli()).setOut(new PrintWriter(out, true));
  }
}
