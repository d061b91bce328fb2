package chat.presence.infra;

import static chat.presence.infra.Permission.manageConnections;
import static chat.presence.infra.Permission.onIndex;
import static chat.presence.infra.Permission.onTable;
import static chat.presence.infra.Permission.readDeadLetterQueueDepth;
import static chat.presence.infra.Permission.readJwtSecret;
import static chat.presence.infra.Permission.retryRoutingEvents;
import static chat.presence.infra.Permission.scheduleTimers;
import static chat.presence.infra.Permission.sendRoutingEvents;
import static chat.presence.model.schema.Schema.AGENTS;
import static chat.presence.model.schema.Schema.CHATS;
import static chat.presence.model.schema.Schema.CHATS_BY_VISITOR_INDEX;
import static chat.presence.model.schema.Schema.CHATS_PENDING_INDEX;
import static chat.presence.model.schema.Schema.CONNECTIONS;
import static chat.presence.model.schema.Schema.CONNECTIONS_BY_USER_INDEX;
import static chat.presence.model.schema.Schema.PRESENCE_SUBSCRIBERS_INDEX;
import static chat.presence.model.schema.Schema.SITES;
import static chat.presence.model.schema.Schema.VISITORS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What each handler may do, and nothing more: the one place to review the backend's IAM. The switch
 * is exhaustive, so a new handler does not compile until its access is stated here.
 */
final class HandlerPermissions {
  private HandlerPermissions() {}

  private static final String POST = "POST";
  private static final String GET = "GET";
  private static final String DELETE = "DELETE";

  /**
   * Every write of an agent that changes its presence view is told to the site's subscribers: one
   * query of the sparse subscribers index, one post each.
   */
  private static final List<Permission> PUBLISHES_PRESENCE =
      List.of(onIndex(CONNECTIONS, PRESENCE_SUBSCRIBERS_INDEX, "Query"), manageConnections(POST));

  /**
   * Forgetting an agent's connection proven gone: the agent's item (told to presence subscribers),
   * then the record.
   */
  private static final List<Permission> DROPS_AGENT_CONNECTIONS =
      with(
          PUBLISHES_PRESENCE,
          onTable(CONNECTIONS, "GetItem", "DeleteItem"),
          onTable(AGENTS, "GetItem", "UpdateItem"));

  /**
   * Forgetting any connection proven gone: an agent's, or a visitor's, whose open chats (found by
   * index, or listed on the record and read in one batch unless the index found them; one whose
   * request has not stored it yet is stored) record the departure and set the timers of their grace
   * period before the record goes.
   */
  private static final List<Permission> DROPS_CONNECTIONS =
      with(
          DROPS_AGENT_CONNECTIONS,
          onIndex(CHATS, CHATS_BY_VISITOR_INDEX, "Query"),
          onTable(CHATS, "BatchGetItem", "PutItem", "UpdateItem"),
          scheduleTimers());

  /**
   * Sending to an agent's connections, as its item lists them; one answered Gone is dropped, and
   * the connections an agent lists are agents' connections.
   */
  private static final List<Permission> NOTIFIES_AGENTS = DROPS_AGENT_CONNECTIONS;

  /** Sending to agents, and to a visitor's connections, which are found by index. */
  private static final List<Permission> NOTIFIES_AGENTS_AND_VISITORS =
      with(DROPS_CONNECTIONS, onIndex(CONNECTIONS, CONNECTIONS_BY_USER_INDEX, "Query"));

  static List<Permission> of(Handler handler) {
    return switch (handler) {
      // A visitor's connection marks the visitor back on its open chats, and tells the agents of
      // those whose visitor was noticed gone.
      case CONNECT ->
          with(
              NOTIFIES_AGENTS,
              onIndex(CHATS, CHATS_BY_VISITOR_INDEX, "Query"),
              onTable(CHATS, "UpdateItem"),
              onTable(CONNECTIONS, "PutItem"),
              onTable(AGENTS, "GetItem", "UpdateItem"),
              sendRoutingEvents(),
              readJwtSecret());
      // The agent (or the visitor's chats) is written before the record is deleted; a disconnect
      // time that would move back is written without it, after a read.
      case DISCONNECT -> DROPS_CONNECTIONS;
      case DEFAULT_ROUTE, HEARTBEAT -> List.of(manageConnections(POST));
      case SET_STATUS ->
          with(
              PUBLISHES_PRESENCE,
              onTable(CONNECTIONS, "GetItem"),
              onTable(AGENTS, "UpdateItem", "GetItem"),
              sendRoutingEvents());
      // A supervisor's choice is stored as the agent's, and told to the agent's connections.
      case SET_AGENT_STATUS ->
          with(
              NOTIFIES_AGENTS,
              onTable(CONNECTIONS, "GetItem"),
              onTable(AGENTS, "UpdateItem", "GetItem"),
              sendRoutingEvents());
      // The target's connections are checked with the gateway before the attempt; both agents'
      // holdings and the chat are written; both agents and the visitor are told.
      case TRANSFER_CHAT ->
          with(
              NOTIFIES_AGENTS_AND_VISITORS,
              onTable(CHATS, "GetItem", "UpdateItem"),
              onTable(AGENTS, "GetItem", "UpdateItem"),
              manageConnections(GET),
              sendRoutingEvents());
      case GET_PRESENCE ->
          List.of(
              onTable(CONNECTIONS, "GetItem"), onTable(AGENTS, "Query"), manageConnections(POST));
      // The visitor's list of open chats admits the chat (a full one is checked against the
      // chats); the connection lists the chats requested on it; a repeated request answers its
      // place.
      case REQUEST_CHAT ->
          List.of(
              onTable(VISITORS, "UpdateItem", "GetItem"),
              onTable(CONNECTIONS, "GetItem", "UpdateItem"),
              onTable(CHATS, "PutItem", "GetItem"),
              onIndex(CHATS, CHATS_PENDING_INDEX, "Query"),
              sendRoutingEvents(),
              manageConnections(POST));
      // Ending frees the agent's seat, and tells both sides.
      case END_CHAT ->
          with(
              NOTIFIES_AGENTS_AND_VISITORS,
              onTable(CHATS, "GetItem", "UpdateItem"),
              onTable(AGENTS, "UpdateItem", "GetItem"),
              sendRoutingEvents());
      // An agent's timeline, or the decision recorded on a chat.
      case EXPLAIN ->
          List.of(
              onTable(CONNECTIONS, "GetItem"),
              onTable(AGENTS, "GetItem"),
              onTable(CHATS, "GetItem"),
              manageConnections(POST));
      // An agent's held chats, a visitor's chats by index, a supervisor's site; positions from the
      // queue index.
      case GET_CHATS ->
          List.of(
              onTable(CONNECTIONS, "GetItem"),
              onTable(AGENTS, "GetItem"),
              onTable(CHATS, "GetItem", "Query"),
              onIndex(CHATS, CHATS_BY_VISITOR_INDEX, "Query"),
              onIndex(CHATS, CHATS_PENDING_INDEX, "Query"),
              manageConnections(POST));
      // Accepting writes the chat, makes an unresponsive agent responsive, counts the visitor's
      // wait, and announces.
      case ACCEPT_CHAT ->
          with(
              NOTIFIES_AGENTS_AND_VISITORS,
              onTable(CHATS, "GetItem", "UpdateItem"),
              onTable(AGENTS, "GetItem", "UpdateItem"),
              onTable(SITES, "UpdateItem"));
      case DECLINE_CHAT ->
          with(
              PUBLISHES_PRESENCE,
              onTable(CONNECTIONS, "GetItem"),
              onTable(CHATS, "GetItem", "UpdateItem"),
              onTable(AGENTS, "UpdateItem"),
              sendRoutingEvents());
      // The subscription is an attribute of the connection's own record, read first for its role.
      case SUBSCRIBE_PRESENCE, UNSUBSCRIBE_PRESENCE ->
          List.of(onTable(CONNECTIONS, "GetItem", "UpdateItem"), manageConnections(POST));
      case GET_AVAILABILITY ->
          List.of(
              onTable(CONNECTIONS, "GetItem"),
              onTable(AGENTS, "Query"),
              onIndex(CHATS, CHATS_PENDING_INDEX, "Query"),
              onTable(SITES, "GetItem"),
              manageConnections(POST));
      // Receiving from the routing queue is granted by its event source. Agents' and visitors'
      // connections are checked with the gateway; assignments count the visitors' waits.
      case ROUTER ->
          with(
              NOTIFIES_AGENTS_AND_VISITORS,
              onTable(AGENTS, "Query", "GetItem", "UpdateItem"),
              onTable(CHATS, "GetItem", "BatchGetItem", "UpdateItem"),
              onIndex(CHATS, CHATS_PENDING_INDEX, "Query"),
              onTable(SITES, "UpdateItem"),
              manageConnections(GET),
              retryRoutingEvents());
      // Receiving from the timer queue is granted by its event source; a timer longer than the
      // queue's longest delay goes round again.
      case TIMER -> List.of(sendRoutingEvents(), scheduleTimers());
      // The queue check scans the pending index for sites whose chats wait.
      case REAPER ->
          with(
              DROPS_CONNECTIONS,
              onTable(CONNECTIONS, "Scan"),
              onTable(AGENTS, "Scan"),
              onIndex(CHATS, CHATS_PENDING_INDEX, "Scan"),
              manageConnections(GET, DELETE),
              sendRoutingEvents());
      case AUDIT ->
          List.of(
              onTable(AGENTS, "Scan"),
              onTable(CHATS, "Scan"),
              onTable(CONNECTIONS, "Scan"),
              manageConnections(GET),
              readDeadLetterQueueDepth());
    };
  }

  private static List<Permission> with(List<Permission> common, Permission... more) {
    List<Permission> all = new ArrayList<>(common);
    all.addAll(Arrays.asList(more));
    return List.copyOf(all);
  }
}
