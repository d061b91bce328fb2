package chat.presence.functions.audit;

import chat.presence.functions.aws.ConnectionsGateway;
import chat.presence.functions.store.AgentStore;
import chat.presence.functions.store.ChatStore;
import chat.presence.functions.store.ConnectionStore;
import chat.presence.model.presence.PresenceRules;
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
      Clock clock) {
    this.reader = new StoredStateReader(agents, chats, connections, gateway, deadLetterQueue, clock);
    this.auditor = new Auditor(rules, settings);
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
