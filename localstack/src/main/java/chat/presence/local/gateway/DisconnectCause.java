package chat.presence.local.gateway;

/** The WebSocket close status a {@code $disconnect} event reports. */
record DisconnectCause(int statusCode, String reason) {

  /**
   * What API Gateway reports when it closes a connection itself: idle, too old, or shutting down.
   */
  static final DisconnectCause GOING_AWAY = new DisconnectCause(1001, "Going away");

  /** A backend deleted the connection through the {@code @connections} API. */
  static final DisconnectCause DELETED = new DisconnectCause(1000, "Connection deleted");
}
