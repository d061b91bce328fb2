package chat.presence.functions.auth;

import chat.presence.model.wire.Identity;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the JWT a client presents on connect: signature, algorithm, a required, unexpired
 * {@code exp}, and what the {@link TokenPolicy} asks (issuer, audience, a bounded lifetime). Site,
 * user and role come from its claims and nowhere else.
 */
public final class TokenVerifier {
  /** HS256 needs a key of at least 256 bits. */
  public static final int MIN_SECRET_BYTES = 32;

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final int defaultMaxChats;
  private final TokenPolicy policy;
  private final Clock clock;

  private TokenVerifier(
      JWSVerificationKeySelector<SecurityContext> keySelector,
      int defaultMaxChats,
      TokenPolicy policy,
      Clock clock) {
    Set<String> required = new HashSet<>(Set.of("sub", "site", "role", "exp"));
    policy.issuer().ifPresent(issuer -> required.add("iss"));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            policy.audience().map(Set::of).orElse(null),
            policy.issuer().map(issuer -> new JWTClaimsSet.Builder().issuer(issuer).build()).orElse(null),
            required,
            null) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    claims.setMaxClockSkew((int) policy.clockSkew().toSeconds());
    processor.setJWSKeySelector(keySelector);
    processor.setJWTClaimsSetVerifier(claims);
    this.defaultMaxChats = defaultMaxChats;
    this.policy = policy;
    this.clock = clock;
  }

  /** With the default policy, on the system clock. */
  public static TokenVerifier hs256(String secret, int defaultMaxChats) {
    return hs256(secret, defaultMaxChats, TokenPolicy.DEFAULT, Clock.systemUTC());
  }

  public static TokenVerifier hs256(String secret, int defaultMaxChats, TokenPolicy policy, Clock clock) {
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    if (key.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the HS256 secret must be at least " + MIN_SECRET_BYTES + " bytes long");
    }
    return new TokenVerifier(
        new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(key)),
        defaultMaxChats,
        policy,
        clock);
  }

  public static TokenVerifier rs256(String jwksUrl, int defaultMaxChats, TokenPolicy policy, Clock clock) {
    try {
      JWKSource<SecurityContext> keys = JWKSourceBuilder.create(URI.create(jwksUrl).toURL()).build();
      return new TokenVerifier(
          new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys), defaultMaxChats, policy, clock);
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a JWKS URL: " + jwksUrl, e);
    }
  }

  public Verification verify(Optional<String> token) {
    if (token.isEmpty() || token.get().isBlank()) {
      return Verification.unauthorized("missing token");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token.get(), null);
    } catch (ParseException e) {
      return Verification.unauthorized("malformed token");
    } catch (BadJOSEException e) {
      return Verification.unauthorized("token rejected: " + e.getMessage());
    } catch (JOSEException e) {
      return Verification.unauthorized("token could not be verified");
    }
    // Counted from its issue, or from now for a token that does not say when it was issued.
    Instant issued = Optional.ofNullable(claims.getIssueTime()).map(Date::toInstant).orElse(clock.instant());
    if (Duration.between(issued, claims.getExpirationTime().toInstant()).compareTo(policy.maxLifetime()) > 0) {
      return Verification.unauthorized(
          "token rejected: it lives longer than " + policy.maxLifetime().toSeconds() + " s");
    }
    Identity.Result result = Identity.fromClaims(claims.getClaims(), defaultMaxChats);
    return result
        .identity()
        .map(Verification::accepted)
        .orElseGet(() -> Verification.forbidden(result.problem()));
  }

  /** The outcome: an identity, or the HTTP status that refuses the handshake and why. */
  public record Verification(Optional<Identity> identity, int refusalStatus, String reason) {
    static Verification accepted(Identity identity) {
      return new Verification(Optional.of(identity), 0, "");
    }

    static Verification unauthorized(String reason) {
      return new Verification(Optional.empty(), 401, reason);
    }

    static Verification forbidden(String reason) {
      return new Verification(Optional.empty(), 403, reason);
    }
  }
}
