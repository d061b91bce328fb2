package chat.presence.bench.sim;

/** A simulated visitor of a site: one connection, from which it requests and ends chats. */
final class SimVisitor {
  private final String siteId;
  private final String visitorId;
  private volatile BenchSocket socket;

  SimVisitor(String siteId, String visitorId) {
    this.siteId = siteId;
    this.visitorId = visitorId;
  }

  String siteId() {
    return siteId;
  }

  String visitorId() {
    return visitorId;
  }

  void connected(BenchSocket socket) {
    this.socket = socket;
  }

  BenchSocket socket() {
    return socket;
  }
}
