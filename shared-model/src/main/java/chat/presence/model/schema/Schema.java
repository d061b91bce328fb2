package chat.presence.model.schema;

import chat.presence.model.schema.TableSpec.IndexSpec;
import chat.presence.model.schema.TableSpec.KeyAttribute;
import chat.presence.model.settings.Setting;
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
          Setting.AGENTS_TABLE.envName(),
          new KeyAttribute("siteId"),
          Optional.of(new KeyAttribute("agentId")),
          List.of(),
          TTL_ATTRIBUTE);

  public static final String CONNECTIONS_BY_USER_INDEX = "byUser";
  public static final String PRESENCE_SUBSCRIBERS_INDEX = "presenceSubscribers";

  /** Set on a connection while it subscribes to its site's presence: the key of the sparse index. */
  public static final String PRESENCE_SITE_ATTRIBUTE = "presenceSite";

  /**
   * One item per open WebSocket connection: who it belongs to, from the verified token. The sparse
   * {@code presenceSubscribers} index holds only the connections subscribed to a site's presence,
   * so a change is fanned out with one query of that site's subscribers, never a scan.
   */
  public static final TableSpec CONNECTIONS =
      new TableSpec(
          "connections",
          Setting.CONNECTIONS_TABLE.envName(),
          new KeyAttribute("connectionId"),
          Optional.empty(),
          List.of(
              new IndexSpec(
                  CONNECTIONS_BY_USER_INDEX, new KeyAttribute("userKey"), Optional.empty()),
              new IndexSpec(
                  PRESENCE_SUBSCRIBERS_INDEX,
                  new KeyAttribute(PRESENCE_SITE_ATTRIBUTE),
                  Optional.empty())),
          TTL_ATTRIBUTE);

  public static final String CHATS_PENDING_INDEX = "pending";
  public static final String CHATS_BY_VISITOR_INDEX = "byVisitor";

  /**
   * One item per chat of a site. The sparse {@code pending} index lists the chats that the router
   * still has work on, in queue order; {@code byVisitor} finds a visitor's chats.
   */
  public static final TableSpec CHATS =
      new TableSpec(
          "chats",
          Setting.CHATS_TABLE.envName(),
          new KeyAttribute("siteId"),
          Optional.of(new KeyAttribute("chatId")),
          List.of(
              new IndexSpec(
                  CHATS_PENDING_INDEX,
                  new KeyAttribute("siteId"),
                  Optional.of(new KeyAttribute("pendingKey"))),
              new IndexSpec(
                  CHATS_BY_VISITOR_INDEX, new KeyAttribute("visitorKey"), Optional.empty())),
          TTL_ATTRIBUTE);

  /** One item per site: what the site's routing learned lately (see {@code RecentWaits}). */
  public static final TableSpec SITES =
      new TableSpec(
          "sites",
          Setting.SITES_TABLE.envName(),
          new KeyAttribute("siteId"),
          Optional.empty(),
          List.of(),
          TTL_ATTRIBUTE);

  /**
   * One item per visitor of a site who requested a chat: the chats it holds open, so that one
   * visitor's token cannot flood its site (a conditional write admits a chat while fewer are open).
   * An item untouched for a week expires.
   */
  public static final TableSpec VISITORS =
      new TableSpec(
          "visitors",
          Setting.VISITORS_TABLE.envName(),
          new KeyAttribute("siteId"),
          Optional.of(new KeyAttribute("visitorId")),
          List.of(),
          TTL_ATTRIBUTE);

  public static final List<TableSpec> TABLES = List.of(AGENTS, CONNECTIONS, CHATS, SITES, VISITORS);

  /** Routing events, one message group per site; visibility is six times the router's timeout. */
  public static final QueueSpec ROUTING_QUEUE =
      new QueueSpec(
          "presence-routing.fifo",
          "presence-routing-dlq.fifo",
          Setting.ROUTING_QUEUE_URL.envName(),
          5,
          60);

  /**
   * A standard queue for routing events that must wait (an offer's expiry, a visitor's grace
   * period, a queue wait's limit): FIFO queues take no
   * per-message delay. Its forwarder puts each event into the routing queue when it is due.
   */
  public static final String TIMER_QUEUE_NAME = "presence-timers";

  /**
   * The router's function timeout. A router invocation cannot outlive it, which bounds how long a
   * routing attempt can still write after it read a chat (see {@code RoutingRules.ATTEMPT_LIFETIME}).
   */
  public static final int ROUTER_TIMEOUT_SECONDS = 10;
}
