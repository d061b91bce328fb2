package chat.presence.functions.audit;

import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ChatStore;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.model.presence.PresenceRules;
import chat.presence.model.routing.RoutingSettings;
import java.time.Clock;

/** One audit of the deployed (or local) state: read it, check it, confirm what was found. */
public final class Audit {
  private final StoredStateReader reader;
  private final Auditor auditor;

  public Audit(
      AgentStore agents,
      ChatStore chats,
      ConnectionStore connections,
      ConnectionsGateway gateway,
      DeadLetterQueue deadLetterQueue,
      PresenceRules rules,
      AuditSettings settings,
      RoutingSettings routing,
      Clock clock) {
    this.reader = new StoredStateReader(agents, chats, connections, gateway, deadLetterQueue, clock);
    this.auditor = new Auditor(rules, settings, routing);
  }

  /**
   * Findings are confirmed by a second read ({@link AuditReport#confirmedBy}); a clean first read
   * needs none.
   */
  public AuditReport run() {
    AuditReport first = auditor.audit(reader.read());
    return first.clean() ? first : first.confirmedBy(auditor.audit(reader.read()));
  }
}
