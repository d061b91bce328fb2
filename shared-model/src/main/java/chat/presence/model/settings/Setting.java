package chat.presence.model.settings;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every {@code PRESENCE_*} environment variable of the project, defined once: its name, default,
 * unit and meaning. The functions, the local runtime, the CDK stack and the tests' harnesses read
 * and set them through this catalogue, and the README's configuration table is checked against it.
 */
public enum Setting {
  PORT("PRESENCE_PORT", "8080", null, "port", "local runtime: WebSocket and HTTP port (`--port` overrides)"),
  JWT_SECRET(
      "PRESENCE_JWT_SECRET",
      null,
      "built-in development secret (with a warning)",
      "text",
      "HS256 secret for tokens, at least 32 bytes"),
  JWT_SECRET_ARN(
      "PRESENCE_JWT_SECRET_ARN", null, null, "ARN", "deployed: Secrets Manager secret holding the HS256 secret"),
  JWKS_URL("PRESENCE_JWKS_URL", null, null, "URL", "deployed: verify RS256 tokens against this JWKS"),
  JWT_ISSUER(
      "PRESENCE_JWT_ISSUER", null, null, "text", "when set, a token must carry this `iss` (context `jwtIssuer`)"),
  JWT_AUDIENCE(
      "PRESENCE_JWT_AUDIENCE",
      null,
      null,
      "text",
      "when set, a token's `aud` must include this (context `jwtAudience`): a shared identity provider's"
          + " token for another application is refused"),
  JWT_MAX_LIFETIME(
      "PRESENCE_JWT_MAX_LIFETIME_SECONDS",
      "43200",
      null,
      "s",
      "a token living longer than this (`exp` - `iat`, or `exp` - now without `iat`) is refused; a token is"
          + " taken at most 5 s past its `exp`"),
  DEFAULT_MAX_CHATS(
      "PRESENCE_DEFAULT_MAX_CHATS", "3", null, "chats", "an agent's capacity when the token has no `maxChats`"),
  OFFLINE_GRACE(
      "PRESENCE_OFFLINE_GRACE_SECONDS",
      "15",
      null,
      "s",
      "how long an agent without connection still shows its chosen status"),
  HEARTBEAT_TIMEOUT(
      "PRESENCE_HEARTBEAT_TIMEOUT_SECONDS",
      "90",
      null,
      "s",
      "a connection with no frame for this long is dead (checked with the gateway)"),
  HEARTBEAT_INTERVAL(
      "PRESENCE_HEARTBEAT_INTERVAL_SECONDS",
      "30",
      null,
      "s",
      "how often clients send a keep-alive (`ping`, or `heartbeat` for v1 clients); see \"Keep-alive\" for"
          + " the 120 s we recommend"),
  OFFER_TIMEOUT(
      "PRESENCE_OFFER_TIMEOUT_SECONDS",
      "0",
      null,
      "s",
      "how long an agent has to accept an offer; 0 assigns chats directly, as in v1 (at most 900)"),
  MAX_QUEUE_WAIT(
      "PRESENCE_MAX_QUEUE_WAIT_SECONDS",
      "0",
      null,
      "s",
      "a chat waiting longer for an agent ends (`timeout`); 0: no limit (at most a day)"),
  VISITOR_RETURN(
      "PRESENCE_VISITOR_RETURN_SECONDS",
      "120",
      null,
      "s",
      "an assigned chat whose visitor left ends this long after the departure unless the visitor is back"
          + " (never before the grace period is over)"),
  GROUP_OVERFLOW(
      "PRESENCE_GROUP_OVERFLOW_SECONDS",
      "0",
      null,
      "s",
      "a chat for a group that has waited this long may go to any agent of the site; 0: never (at most a"
          + " day)"),
  MAX_OPEN_CHATS_PER_VISITOR(
      "PRESENCE_MAX_OPEN_CHATS_PER_VISITOR",
      "3",
      null,
      "chats",
      "a visitor's further `requestChat` answers `RATE_LIMITED` (nothing stored) while it holds this many"
          + " chats that have not ended (1 to 100)"),
  STICKY_WAIT(
      "PRESENCE_STICKY_WAIT_SECONDS",
      "0",
      null,
      "s",
      "how long a chat waits for its online preferred agent who cannot take it now; 0: no wait (at most a"
          + " day)"),
  HANDSHAKE_TIMEOUT(
      "PRESENCE_HANDSHAKE_TIMEOUT_SECONDS",
      "29",
      null,
      "s",
      "the longest a `$connect` can take (API Gateway's integration timeout): a younger connection the"
          + " gateway answers \"gone\" for is not proven dead"),
  REAPER_INTERVAL(
      "PRESENCE_REAPER_INTERVAL_SECONDS",
      "60",
      "5",
      null,
      "s",
      "how often the reaper runs; a connection must be silent for one interval more before it is dropped"),
  BREAKER_STALE_SHARE(
      "PRESENCE_BREAKER_STALE_SHARE",
      "0.2",
      null,
      "share",
      "share of a site's (or the fleet's) agents stale now or dropped for silence within the window that"
          + " opens the staleness breaker"),
  BREAKER_MINIMUM_AGENTS(
      "PRESENCE_BREAKER_MINIMUM_AGENTS", "5", null, "agents", "fewer agents than this never open the breaker"),
  BREAKER_WINDOW(
      "PRESENCE_BREAKER_WINDOW_SECONDS",
      "300",
      null,
      "s",
      "how long a drop for silence still counts towards the breaker's share"),
  QUEUE_CHECK(
      "PRESENCE_QUEUE_CHECK_SECONDS",
      "30",
      null,
      "s",
      "a chat waiting longer makes the reaper nudge its site's router"),
  ROUTER_CHATS_PER_PASS(
      "PRESENCE_ROUTER_CHATS_PER_PASS",
      "100",
      null,
      "chats",
      "a router pass drives at most this many queued chats and tells at most this many visitors their"
          + " place, then continues in another pass (the chats its events name are always driven)"),
  ROUTER_THREADS(
      "PRESENCE_ROUTER_THREADS",
      "4",
      null,
      "threads",
      "a router pass grants in queue order on one thread and records and announces the granted chats on the"
          + " others; 1 routes one chat after another"),
  AUDIT_MAX_QUEUE_WAIT(
      "PRESENCE_AUDIT_MAX_QUEUE_WAIT_SECONDS",
      "60",
      null,
      "s",
      "auditor: a queued chat older than this while an agent is eligible is a finding"),
  AUDIT_SETTLE(
      "PRESENCE_AUDIT_SETTLE_SECONDS",
      "60",
      null,
      "s",
      "auditor: how long a two-write change may be half done before it counts"),
  AGENTS_TABLE("PRESENCE_AGENTS_TABLE", null, "set by the stack or the local runtime", "table", "the agents table"),
  CONNECTIONS_TABLE(
      "PRESENCE_CONNECTIONS_TABLE", null, "set by the stack or the local runtime", "table", "the connections table"),
  CHATS_TABLE("PRESENCE_CHATS_TABLE", null, "set by the stack or the local runtime", "table", "the chats table"),
  SITES_TABLE("PRESENCE_SITES_TABLE", null, "set by the stack or the local runtime", "table", "the sites table"),
  VISITORS_TABLE(
      "PRESENCE_VISITORS_TABLE", null, "set by the stack or the local runtime", "table", "the visitors table"),
  ROUTING_QUEUE_URL(
      "PRESENCE_ROUTING_QUEUE_URL",
      null,
      "set by the stack or the local runtime",
      "URL",
      "the routing FIFO queue (one message group per site)"),
  TIMER_QUEUE_URL(
      "PRESENCE_TIMER_QUEUE_URL",
      null,
      "set by the stack or the local runtime",
      "URL",
      "the timer queue (offer expiries, visitor returns, continuations)"),
  ROUTING_DLQ_URL(
      "PRESENCE_ROUTING_DLQ_URL",
      null,
      "set by the stack or the local runtime",
      "URL",
      "the routing queue's dead-letter queue, whose depth the auditor reads"),
  CONNECTIONS_ENDPOINT(
      "PRESENCE_CONNECTIONS_ENDPOINT",
      null,
      "set by the stack or the local runtime",
      "URL",
      "the gateway's connections API (`GetConnection`, `PostToConnection`)"),
  DYNAMODB_ENDPOINT(
      "PRESENCE_DYNAMODB_ENDPOINT",
      null,
      "AWS's (the local runtime sets its emulator's)",
      "URL",
      "DynamoDB endpoint override; with it or `PRESENCE_SQS_ENDPOINT` set, the clients use fixed local"
          + " credentials"),
  SQS_ENDPOINT(
      "PRESENCE_SQS_ENDPOINT",
      null,
      "AWS's (the local runtime sets its emulator's)",
      "URL",
      "SQS endpoint override"),
  DYNALITE_HOME(
      "PRESENCE_DYNALITE_HOME",
      null,
      "the build's `localstack/emulators`",
      "path",
      "local runtime: the folder holding dynalite's `node_modules`"),
  NODE("PRESENCE_NODE", "node", null, "path", "local runtime: the Node.js executable that runs dynalite"),
  LOCAL_JAR(
      "PRESENCE_LOCAL_JAR",
      null,
      "`localstack/target/presence-local.jar`",
      "path",
      "client package tests: the local runtime's jar they start"),
  TEST_WS_URL(
      "PRESENCE_TEST_WS_URL", null, "set by the test runner", "URL", "client package tests: the runtime's WebSocket URL"),
  TEST_HTTP_URL(
      "PRESENCE_TEST_HTTP_URL", null, "set by the test runner", "URL", "client package tests: the runtime's HTTP URL"),
  TEST_SECRET(
      "PRESENCE_TEST_SECRET",
      null,
      "set by the test runner",
      "text",
      "client package tests: the secret the started runtime signs tokens with"),
  CONTRACT(
      "PRESENCE_CONTRACT",
      null,
      "`../shared/contract/agent-protocol.md`",
      "path",
      "contract tests: the prose contract the AsyncAPI document is checked against (skipped without it)");

  /** A week: far beyond any sensible setting, and safe from overflow in time arithmetic. */
  private static final long MAX_SECONDS = 7 * 24 * 3600;

  private final String envName;
  private final String defaultValue;
  private final String localDefault;
  private final String defaultNote;
  private final String unit;
  private final String meaning;

  Setting(String envName, String defaultValue, String defaultNote, String unit, String meaning) {
    this(envName, defaultValue, null, defaultNote, unit, meaning);
  }

  /**
   * @param defaultValue what the deployed functions take when the variable is unset; null when
   *     there is no value
   * @param localDefault what the local runtime takes instead, where that differs
   * @param defaultNote what the README says of the default where the values alone would not say it
   */
  Setting(
      String envName, String defaultValue, String localDefault, String defaultNote, String unit, String meaning) {
    this.envName = envName;
    this.defaultValue = defaultValue;
    this.localDefault = localDefault;
    this.defaultNote = defaultNote;
    this.unit = unit;
    this.meaning = meaning;
  }

  public String envName() {
    return envName;
  }

  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /** The default as the README states it: the note where there is one, else the value(s), else "-". */
  public String defaultText() {
    if (defaultNote != null) {
      return defaultNote;
    }
    if (localDefault != null) {
      return defaultValue + " deployed, " + localDefault + " locally";
    }
    return defaultValue().orElse("-");
  }

  public String unit() {
    return unit;
  }

  public String meaning() {
    return meaning;
  }

  /**
   * The settings the local runtime passes from its own environment to the handlers: all but those
   * it points at its emulators itself, the deployed stage's key sources and the tools' own.
   */
  public static Set<Setting> passedToLocalHandlers() {
    return EnumSet.complementOf(
        EnumSet.of(
            PORT,
            JWT_SECRET_ARN,
            JWKS_URL,
            AGENTS_TABLE,
            CONNECTIONS_TABLE,
            CHATS_TABLE,
            SITES_TABLE,
            VISITORS_TABLE,
            ROUTING_QUEUE_URL,
            TIMER_QUEUE_URL,
            ROUTING_DLQ_URL,
            CONNECTIONS_ENDPOINT,
            DYNAMODB_ENDPOINT,
            SQS_ENDPOINT,
            DYNALITE_HOME,
            NODE,
            LOCAL_JAR,
            TEST_WS_URL,
            TEST_HTTP_URL,
            TEST_SECRET,
            CONTRACT));
  }

  /** The value set in {@code env}, trimmed; empty when unset or blank. */
  public Optional<String> text(Map<String, String> env) {
    return Optional.ofNullable(env.get(envName)).map(String::trim).filter(value -> !value.isEmpty());
  }

  /** The set value or the default; a clear error naming the variable when there is neither. */
  public String required(Map<String, String> env) {
    return text(env)
        .or(this::defaultValue)
        .orElseThrow(() -> new IllegalArgumentException(envName + " is not set"));
  }

  public Duration defaultSeconds() {
    return seconds(defaultValue().orElseThrow());
  }

  /**
   * The duration the variable gives in (possibly fractional) seconds, or the default when it is
   * unset; a clear error naming the variable otherwise.
   */
  public Duration seconds(Map<String, String> env) {
    return text(env).map(this::seconds).orElseGet(this::defaultSeconds);
  }

  private Duration seconds(Map<String, String> env, Duration fallback) {
    return text(env).map(this::seconds).orElse(fallback);
  }

  /** As {@link #seconds(Map)} for the local runtime, which may take another default. */
  public Duration secondsLocally(Map<String, String> env) {
    return localDefault == null ? seconds(env) : seconds(env, seconds(localDefault));
  }

  public int defaultCount() {
    return count(defaultValue().orElseThrow());
  }

  /** The whole number the variable gives, or the default when it is unset. */
  public int count(Map<String, String> env) {
    return text(env).map(this::count).orElseGet(this::defaultCount);
  }

  public double defaultNumber() {
    return number(defaultValue().orElseThrow());
  }

  /** The number the variable gives, or the default when it is unset. */
  public double number(Map<String, String> env) {
    return text(env).map(this::number).orElseGet(this::defaultNumber);
  }

  private Duration seconds(String value) {
    double seconds;
    try {
      seconds = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      seconds = Double.NaN;
    }
    if (!Double.isFinite(seconds) || Math.abs(seconds) > MAX_SECONDS) {
      throw new IllegalArgumentException(
          envName + " must be a number of seconds up to " + MAX_SECONDS + ", got '" + value + "'");
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  private int count(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(envName + " must be a whole number, got '" + value + "'");
    }
  }

  private double number(String value) {
    try {
      double number = Double.parseDouble(value);
      if (Double.isFinite(number)) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below, with the variable's name
    }
    throw new IllegalArgumentException(envName + " must be a number, got '" + value + "'");
  }
}
