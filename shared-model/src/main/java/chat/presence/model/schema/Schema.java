package chat.presence.model.schema;

import chat.presence.model.schema.TableSpec.IndexSpec;
import chat.presence.model.schema.TableSpec.KeyAttribute;
import java.util.List;
import java.util.Optional;

/** The tables and queues of the backend: the single source for the local runtime and the CDK app. */
public final class Schema {
  private Schema() {}

  public static final String TTL_ATTRIBUTE = "expiresAt";

  /** One item per agent of a site: chosen status, live connection ids, active chats. */
  public static final TableSpec AGENTS =
      new TableSpec(
          "agents",
          "PRESENCE_AGENTS_TABLE",
          new KeyAttribute("siteId"),
          Optional.of(new KeyAttribute("agentId")),
          List.of(),
          TTL_ATTRIBUTE);

  public static final String CONNECTIONS_BY_USER_INDEX = "byUser";

  /** One item per open WebSocket connection: who it belongs to, from the verified token. */
  public static final TableSpec CONNECTIONS =
      new TableSpec(
          "connections",
          "PRESENCE_CONNECTIONS_TABLE",
          new KeyAttribute("connectionId"),
          Optional.empty(),
          List.of(
              new IndexSpec(
                  CONNECTIONS_BY_USER_INDEX, new KeyAttribute("userKey"), Optional.empty())),
          TTL_ATTRIBUTE);

  public static final String CHATS_PENDING_INDEX = "pending";

  /**
   * One item per chat of a site. The sparse index lists the chats that still need the router (queued,
   * or assigned but not yet announced) in queue order.
   */
  public static final TableSpec CHATS =
      new TableSpec(
          "chats",
          "PRESENCE_CHATS_TABLE",
          new KeyAttribute("siteId"),
          Optional.of(new KeyAttribute("chatId")),
          List.of(
              new IndexSpec(
                  CHATS_PENDING_INDEX,
                  new KeyAttribute("siteId"),
                  Optional.of(new KeyAttribute("pendingKey")))),
          TTL_ATTRIBUTE);

  public static final List<TableSpec> TABLES = List.of(AGENTS, CONNECTIONS, CHATS);

  /** Routing events, one message group per site; visibility is six times the router's timeout. */
  public static final QueueSpec ROUTING_QUEUE =
      new QueueSpec(
          "presence-routing.fifo",
          "presence-routing-dlq.fifo",
          "PRESENCE_ROUTING_QUEUE_URL",
          5,
          180);

  public static final int ROUTER_TIMEOUT_SECONDS = 30;
}
