package chat.presence.local.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * How the emulated API Gateway WebSocket API listens and when it closes connections by itself.
 *
 * @param host interface to listen on; also the events' {@code domainName}
 * @param port TCP port; 0 picks any free port
 * @param stage stage name reported in events and accepted as a prefix of the {@code @connections}
 *     paths
 * @param maxFrameBytes largest frame passed through, in either direction
 * @param idleTimeout a connection whose client sends nothing for this long is closed
 * @param maxConnectionAge every connection is closed once it is this old
 */
public record GatewayConfig(
    String host,
    int port,
    String stage,
    int maxFrameBytes,
    Duration idleTimeout,
    Duration maxConnectionAge) {

  /** API Gateway's message size limit. The handlers enforce their own, smaller one. */
  public static final int API_GATEWAY_MAX_FRAME_BYTES = 128 * 1024;

  public static final Duration API_GATEWAY_IDLE_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration API_GATEWAY_MAX_CONNECTION_AGE = Duration.ofHours(2);

  public GatewayConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(stage, "stage");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxFrameBytes <= 0) {
      throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
    }
    requirePositive(idleTimeout, "idleTimeout");
    requirePositive(maxConnectionAge, "maxConnectionAge");
  }

  /** API Gateway's limits on localhost, stage "local". */
  public static GatewayConfig onPort(int port) {
    return new GatewayConfig(
        "localhost",
        port,
        "local",
        API_GATEWAY_MAX_FRAME_BYTES,
        API_GATEWAY_IDLE_TIMEOUT,
        API_GATEWAY_MAX_CONNECTION_AGE);
  }

  public GatewayConfig withIdleTimeout(Duration timeout) {
    return new GatewayConfig(host, port, stage, maxFrameBytes, timeout, maxConnectionAge);
  }

  public GatewayConfig withMaxConnectionAge(Duration age) {
    return new GatewayConfig(host, port, stage, maxFrameBytes, idleTimeout, age);
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
  }
}
