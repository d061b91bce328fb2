package chat.presence.functions.auth;

import chat.presence.model.settings.Setting;
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
  /** A long working day: an agent's console asks its token provider again before expiry. */
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofSeconds(Setting.JWT_MAX_LIFETIME.defaultCount());
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
        Setting.JWT_ISSUER.text(env),
        Setting.JWT_AUDIENCE.text(env),
        Duration.ofSeconds(Setting.JWT_MAX_LIFETIME.count(env)),
        CLOCK_SKEW);
  }
}
