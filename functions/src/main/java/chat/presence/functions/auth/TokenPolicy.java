package chat.presence.functions.auth;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What a token must say besides its signature: the issuer and audience, when the deployment names
 * them (so that a token an identity provider shared by other applications issued for one of them is
 * refused here), and a lifetime no longer than {@code maxLifetime} (a leaked token stops working
 * soon). {@code clockSkew} is how far past its {@code exp} a token is still taken, for clocks that
 * disagree a little.
 */
public record TokenPolicy(
    Optional<String> issuer, Optional<String> audience, Duration maxLifetime, Duration clockSkew) {
  public static final String ISSUER = "PRESENCE_JWT_ISSUER";
  public static final String AUDIENCE = "PRESENCE_JWT_AUDIENCE";
  public static final String MAX_LIFETIME = "PRESENCE_JWT_MAX_LIFETIME_SECONDS";
  /** A working day and a half: an agent's console asks its token provider again before expiry. */
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(12);
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

  /** No issuer or audience required; the default lifetime. */
  public static final TokenPolicy DEFAULT =
      new TokenPolicy(Optional.empty(), Optional.empty(), DEFAULT_MAX_LIFETIME, CLOCK_SKEW);

  public TokenPolicy {
    if (maxLifetime.isNegative() || maxLifetime.isZero()) {
      throw new IllegalArgumentException("a token's maximum lifetime must be positive");
    }
  }

  public static TokenPolicy fromEnvironment(Map<String, String> env) {
    return new TokenPolicy(
        nonBlank(env.get(ISSUER)),
        nonBlank(env.get(AUDIENCE)),
        nonBlank(env.get(MAX_LIFETIME)).map(TokenPolicy::seconds).orElse(DEFAULT_MAX_LIFETIME),
        CLOCK_SKEW);
  }

  private static Duration seconds(String value) {
    try {
      return Duration.ofSeconds(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(MAX_LIFETIME + " must be a whole number of seconds: " + value, e);
    }
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
  }
}
