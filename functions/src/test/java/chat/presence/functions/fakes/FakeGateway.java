package chat.presence.functions.fakes;

import chat.presence.functions.aws.ConnectionsGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * API Gateway's WebSocket connections and their {@code @connections} API, in memory and
 * deterministic, on a {@link Clock} that the driver (the fault-schedule explorer) controls. The
 * driver plays the clients and the gateway's side of the lifecycle ({@link #beginHandshake()},
 * {@link #completeHandshake}, {@link #clientFrame}, {@link #clientClose}, {@link #networkLoss},
 * {@link #expireIdle()}) and delivers the {@code $disconnect}s this fake queues ({@link
 * #takeDisconnects()}); handlers use it through {@link ConnectionsGateway}.
 *
 * <p>A connection's life, as API Gateway's:
 *
 * <ul>
 *   <li>{@link State#CONNECTING}: {@code $connect} is running. The backend may already hold the id,
 *       but {@code @connections} answers 410 Gone: {@link #send} is false, {@link #lastActiveAt}
 *       empty, {@link #close} does nothing.
 *   <li>{@link State#OPEN}: {@code $connect} returned 2xx. {@code lastActiveAt} is the connect time
 *       until the client sends a frame, then the time of its latest frame (only client frames
 *       count, not posts to it). A connection whose network was lost stays OPEN and silent: the
 *       gateway still answers 200, and posts to it are lost, until its idle timeout.
 *   <li>{@link State#CLOSED}: refused by {@code $connect} (never reachable, no {@code
 *       $disconnect}), or closed by the client, by DeleteConnection, or by the gateway (idle
 *       timeout, maximum age), each of which queues one {@code $disconnect} unless it was dropped.
 * </ul>
 *
 * <p>Thread-safe; the {@link IoHook} runs outside the fake's lock, so that a hook may block while
 * other handlers use the fake. Connection ids are {@code c1}, {@code c2}, ... and never reused.
 */
public final class FakeGateway implements ConnectionsGateway {
  /** API Gateway closes a connection whose client has sent nothing for this long. */
  public static final Duration API_GATEWAY_IDLE_TIMEOUT = Duration.ofMinutes(10);

  /** API Gateway closes every connection at this age. */
  public static final Duration API_GATEWAY_MAX_CONNECTION_AGE = Duration.ofHours(2);

  public static final String SERVICE = "gateway";
  public static final String POST_TO_CONNECTION = "PostToConnection";
  public static final String GET_CONNECTION = "GetConnection";
  public static final String DELETE_CONNECTION = "DeleteConnection";

  public enum State {
    CONNECTING,
    OPEN,
    CLOSED
  }

  /** Why a connection is closed. */
  public enum CloseCause {
    /** {@code $connect} answered non-2xx or failed; there is no {@code $disconnect}. */
    REFUSED,
    /** The client closed the socket. */
    CLIENT,
    /** The backend called DeleteConnection. */
    DELETED,
    /** The gateway's idle timeout. */
    IDLE_TIMEOUT,
    /** The gateway's maximum connection age. */
    MAX_AGE
  }

  /**
   * What an invariant checker can see of one connection, at the time of {@link #connection}.
   *
   * @param lastActiveAt what GetConnection would answer if the connection were open
   * @param longestSilence the longest time without a client frame so far: between consecutive
   *     frames (the connect time counting as the first), and from the last one until now, or until
   *     the close
   * @param networkLost the socket is dead but the gateway has not noticed
   * @param disconnectDropped the gateway will not deliver {@code $disconnect} for it
   * @param closedAt empty unless {@link State#CLOSED}
   * @param closeCause empty unless {@link State#CLOSED}
   */
  public record Connection(
      String id,
      State state,
      Instant connectedAt,
      Instant lastActiveAt,
      Duration longestSilence,
      boolean networkLost,
      boolean disconnectDropped,
      Optional<Instant> closedAt,
      Optional<CloseCause> closeCause,
      List<String> delivered) {}

  private final Clock clock;
  private final Duration idleTimeout;
  private final Duration maxConnectionAge;
  private final Map<String, Entry> connections = new LinkedHashMap<>(); // guarded by this
  private final List<String> pendingDisconnects = new ArrayList<>(); // guarded by this
  private long lastId; // guarded by this
  private volatile IoHook hook = IoHook.NONE;

  /** With API Gateway's idle timeout (10 minutes) and maximum connection age (2 hours). */
  public FakeGateway(Clock clock) {
    this(clock, API_GATEWAY_IDLE_TIMEOUT, API_GATEWAY_MAX_CONNECTION_AGE);
  }

  public FakeGateway(Clock clock, Duration idleTimeout, Duration maxConnectionAge) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.idleTimeout = requirePositive(idleTimeout, "idleTimeout");
    this.maxConnectionAge = requirePositive(maxConnectionAge, "maxConnectionAge");
  }

  /** Called before and after each call of {@link ConnectionsGateway}; its exceptions propagate. */
  public void setHook(IoHook hook) {
    this.hook = Objects.requireNonNull(hook, "hook");
  }

  public Duration idleTimeout() {
    return idleTimeout;
  }

  public Duration maxConnectionAge() {
    return maxConnectionAge;
  }

  // ---------------------------------------------------------------------------------------------
  // ConnectionsGateway: what the handlers call

  @Override
  public boolean send(String connectionId, String frame) {
    Objects.requireNonNull(frame, "frame");
    IoCall call = new IoCall(SERVICE, POST_TO_CONNECTION, connectionId, true);
    IoHook current = hook;
    current.before(call);
    boolean sent;
    synchronized (this) {
      Entry entry = connections.get(connectionId);
      sent = entry != null && entry.state == State.OPEN;
      if (sent && !entry.networkLost) {
        entry.delivered.add(frame);
      }
    }
    current.after(call);
    return sent;
  }

  @Override
  public Optional<Instant> lastActiveAt(String connectionId) {
    IoCall call = new IoCall(SERVICE, GET_CONNECTION, connectionId, false);
    IoHook current = hook;
    current.before(call);
    Optional<Instant> answer;
    synchronized (this) {
      Entry entry = connections.get(connectionId);
      answer =
          entry != null && entry.state == State.OPEN
              ? Optional.of(entry.lastActiveAt)
              : Optional.empty();
    }
    current.after(call);
    return answer;
  }

  @Override
  public void close(String connectionId) {
    IoCall call = new IoCall(SERVICE, DELETE_CONNECTION, connectionId, true);
    IoHook current = hook;
    current.before(call);
    synchronized (this) {
      Entry entry = connections.get(connectionId);
      if (entry != null && entry.state == State.OPEN) {
        closeLocked(entry, CloseCause.DELETED);
      }
    }
    current.after(call);
  }

  // ---------------------------------------------------------------------------------------------
  // The driver: clients and the gateway's own doings

  /**
   * A client's upgrade request arrived: the gateway allocates a fresh id, which the driver passes
   * to the {@code $connect} handler. Until {@link #completeHandshake} the connection is gone to
   * {@code @connections}.
   */
  public synchronized String beginHandshake() {
    String id = "c" + (++lastId);
    connections.put(id, new Entry(id, now()));
    return id;
  }

  /**
   * {@code $connect} returned 2xx: the socket is open. {@code lastActiveAt} stays the connect time
   * (when the upgrade request arrived) until the client sends a frame, as the local emulator
   * reports it.
   */
  public synchronized void completeHandshake(String connectionId) {
    Entry entry = require(connectionId, State.CONNECTING, "complete its handshake");
    entry.state = State.OPEN;
  }

  /** {@code $connect} answered non-2xx or crashed: never reachable, and no {@code $disconnect}. */
  public synchronized void refuseHandshake(String connectionId) {
    Entry entry = require(connectionId, State.CONNECTING, "refuse its handshake");
    entry.state = State.CLOSED;
    entry.closedAt = now();
    entry.closeCause = CloseCause.REFUSED;
  }

  /**
   * A frame from the client reached the gateway (a heartbeat, any action): {@code lastActiveAt}
   * becomes now. Ignored unless the connection is open and its network works.
   *
   * @return whether the gateway received the frame (the driver then invokes its route)
   */
  public synchronized boolean clientFrame(String connectionId) {
    Entry entry = known(connectionId);
    if (entry.state != State.OPEN || entry.networkLost) {
      return false;
    }
    Instant now = now();
    entry.longestGap = max(entry.longestGap, Duration.between(entry.lastActiveAt, now));
    entry.lastActiveAt = now;
    return true;
  }

  /**
   * The client closed the socket: the connection closes and a {@code $disconnect} is queued.
   * Ignored when it is already closed, or when its network is lost (the close cannot arrive).
   *
   * @throws IllegalStateException while its handshake is in progress (not modelled)
   */
  public synchronized void clientClose(String connectionId) {
    Entry entry = known(connectionId);
    if (entry.state == State.CONNECTING) {
      throw new IllegalStateException(connectionId + " is still connecting");
    }
    if (entry.state == State.OPEN && !entry.networkLost) {
      closeLocked(entry, CloseCause.CLIENT);
    }
  }

  /**
   * The client's network died without a close: the gateway does not notice, so the connection stays
   * OPEN and silent, GetConnection keeps answering 200 with an ageing {@code lastActiveAt}, posts
   * are answered 200 and lost, until the idle timeout closes it ({@link #expireIdle()}).
   */
  public synchronized void networkLoss(String connectionId) {
    Entry entry = known(connectionId);
    if (entry.state == State.OPEN) {
      entry.networkLost = true;
    }
  }

  /**
   * The gateway will never deliver {@code $disconnect} for this connection, as API Gateway
   * sometimes does not; if one is queued and not yet taken, it is withdrawn.
   */
  public synchronized void dropDisconnect(String connectionId) {
    known(connectionId).disconnectDropped = true;
    pendingDisconnects.remove(connectionId);
  }

  /**
   * Applies API Gateway's own closes at the clock's current time: every open connection idle for
   * the idle timeout or older than the maximum age closes, with a {@code $disconnect} each.
   *
   * @return the ids closed, in id order
   */
  public synchronized List<String> expireIdle() {
    Instant now = now();
    List<String> closed = new ArrayList<>();
    for (Entry entry : connections.values()) {
      if (entry.state != State.OPEN) {
        continue;
      }
      if (!Duration.between(entry.connectedAt, now).minus(maxConnectionAge).isNegative()) {
        closeLocked(entry, CloseCause.MAX_AGE);
        closed.add(entry.id);
      } else if (!Duration.between(entry.lastActiveAt, now).minus(idleTimeout).isNegative()) {
        closeLocked(entry, CloseCause.IDLE_TIMEOUT);
        closed.add(entry.id);
      }
    }
    return closed;
  }

  /**
   * The {@code $disconnect}s the gateway owes, in the order the connections closed; the driver
   * delivers them (or loses them). Each is returned once.
   */
  public synchronized List<String> takeDisconnects() {
    List<String> taken = List.copyOf(pendingDisconnects);
    pendingDisconnects.clear();
    return taken;
  }

  /** The {@code $disconnect}s queued and not yet taken. */
  public synchronized List<String> pendingDisconnects() {
    return List.copyOf(pendingDisconnects);
  }

  // ---------------------------------------------------------------------------------------------
  // Inspection, without the hook

  public synchronized State state(String connectionId) {
    return known(connectionId).state;
  }

  public synchronized Instant connectedAt(String connectionId) {
    return known(connectionId).connectedAt;
  }

  /** What GetConnection would answer for an open connection; no hook, any state. */
  public synchronized Instant lastActive(String connectionId) {
    return known(connectionId).lastActiveAt;
  }

  /** See {@link Connection#longestSilence()}. */
  public synchronized Duration longestSilence(String connectionId) {
    return known(connectionId).longestSilence(now());
  }

  /** The frames that reached the client, in order (not those posted after its network died). */
  public synchronized List<String> delivered(String connectionId) {
    return List.copyOf(known(connectionId).delivered);
  }

  public synchronized Optional<Connection> connection(String connectionId) {
    Entry entry = connections.get(connectionId);
    return entry == null ? Optional.empty() : Optional.of(entry.view(now()));
  }

  /** Every connection ever begun, in id order. */
  public synchronized List<Connection> connections() {
    Instant now = now();
    return connections.values().stream().map(entry -> entry.view(now)).toList();
  }

  /** The ids of the open connections (network lost or not), in id order. */
  public synchronized List<String> openConnections() {
    return connections.values().stream()
        .filter(entry -> entry.state == State.OPEN)
        .map(entry -> entry.id)
        .toList();
  }

  // ---------------------------------------------------------------------------------------------

  private void closeLocked(Entry entry, CloseCause cause) {
    entry.state = State.CLOSED;
    entry.closedAt = now();
    entry.closeCause = cause;
    if (!entry.disconnectDropped) {
      pendingDisconnects.add(entry.id);
    }
  }

  private Entry known(String connectionId) {
    Entry entry = connections.get(connectionId);
    if (entry == null) {
      throw new IllegalArgumentException("no connection " + connectionId);
    }
    return entry;
  }

  private Entry require(String connectionId, State state, String action) {
    Entry entry = known(connectionId);
    if (entry.state != state) {
      throw new IllegalStateException(
          "cannot " + action + ": " + connectionId + " is " + entry.state);
    }
    return entry;
  }

  private Instant now() {
    return clock.instant();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
    return duration;
  }

  private static final class Entry {
    final String id;
    final Instant connectedAt;
    final List<String> delivered = new ArrayList<>();
    State state = State.CONNECTING;
    Instant lastActiveAt;
    Duration longestGap = Duration.ZERO;
    boolean networkLost;
    boolean disconnectDropped;
    Instant closedAt;
    CloseCause closeCause;

    Entry(String id, Instant connectedAt) {
      this.id = id;
      this.connectedAt = connectedAt;
      this.lastActiveAt = connectedAt;
    }

    Duration longestSilence(Instant now) {
      Instant end = closedAt != null ? closedAt : now;
      return max(longestGap, Duration.between(lastActiveAt, end));
    }

    Connection view(Instant now) {
      return new Connection(
          id,
          state,
          connectedAt,
          lastActiveAt,
          longestSilence(now),
          networkLost,
          disconnectDropped,
          Optional.ofNullable(closedAt),
          Optional.ofNullable(closeCause),
          List.copyOf(delivered));
    }
  }
}
