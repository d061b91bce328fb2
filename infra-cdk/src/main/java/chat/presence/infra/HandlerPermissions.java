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

  static List<Permission> of(Handler handler) {
    return switch (handler) {
      case CONNECT ->
          List.of(
              onTable(CONNECTIONS, "PutItem"),
              onTable(AGENTS, "GetItem", "UpdateItem"),
              sendRoutingEvents(),
              readJwtSecret());
      // The agent is written before the record is deleted; a disconnect time that would move back
      // is written without it, after a read.
      case DISCONNECT ->
          List.of(
              onTable(CONNECTIONS, "GetItem", "DeleteItem"),
              onTable(AGENTS, "UpdateItem", "GetItem"));
      case DEFAULT_ROUTE, HEARTBEAT -> List.of(manageConnections(POST));
      case SET_STATUS ->
          List.of(
              onTable(CONNECTIONS, "GetItem"),
              onTable(AGENTS, "UpdateItem", "GetItem"),
              sendRoutingEvents(),
              manageConnections(POST));
      case GET_PRESENCE ->
          List.of(
              onTable(CONNECTIONS, "GetItem"), onTable(AGENTS, "Query"), manageConnections(POST));
      case REQUEST_CHAT ->
          List.of(
              onTable(CONNECTIONS, "GetItem"),
              onTable(CHATS, "PutItem", "GetItem"),
              sendRoutingEvents(),
              manageConnections(POST));
      // Ending frees the agent's seat; a post answered Gone drops that connection, which updates
      // its agent.
      case END_CHAT ->
          List.of(
              onTable(CONNECTIONS, "GetItem", "DeleteItem"),
              onIndex(CONNECTIONS, CONNECTIONS_BY_USER_INDEX, "Query"),
              onTable(CHATS, "GetItem", "UpdateItem"),
              onTable(AGENTS, "UpdateItem", "GetItem"),
              sendRoutingEvents(),
              manageConnections(POST));
      case EXPLAIN ->
          List.of(
              onTable(CONNECTIONS, "GetItem"), onTable(AGENTS, "GetItem"), manageConnections(POST));
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
      // Accepting writes the chat, makes an unresponsive agent responsive, and announces.
      case ACCEPT_CHAT ->
          List.of(
              onTable(CONNECTIONS, "GetItem", "DeleteItem"),
              onIndex(CONNECTIONS, CONNECTIONS_BY_USER_INDEX, "Query"),
              onTable(CHATS, "GetItem", "UpdateItem"),
              onTable(AGENTS, "GetItem", "UpdateItem"),
              manageConnections(POST));
      case DECLINE_CHAT ->
          List.of(
              onTable(CONNECTIONS, "GetItem"),
              onTable(CHATS, "GetItem", "UpdateItem"),
              onTable(AGENTS, "UpdateItem"),
              sendRoutingEvents(),
              manageConnections(POST));
      // Receiving from the routing queue is granted by its event source.
      case ROUTER ->
          List.of(
              onTable(AGENTS, "Query", "GetItem", "UpdateItem"),
              onTable(CHATS, "Query", "GetItem", "UpdateItem"),
              onIndex(CHATS, CHATS_PENDING_INDEX, "Query"),
              onIndex(CONNECTIONS, CONNECTIONS_BY_USER_INDEX, "Query"),
              onTable(CONNECTIONS, "GetItem", "DeleteItem"),
              manageConnections(POST, GET),
              retryRoutingEvents(),
              scheduleTimers());
      // Receiving from the timer queue is granted by its event source.
      case TIMER -> List.of(sendRoutingEvents());
      // The queue check scans the pending index for sites whose chats wait.
      case REAPER ->
          List.of(
              onTable(CONNECTIONS, "Scan", "GetItem", "DeleteItem"),
              onTable(AGENTS, "Scan", "GetItem", "UpdateItem"),
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
}
