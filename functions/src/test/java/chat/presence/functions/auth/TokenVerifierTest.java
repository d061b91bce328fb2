package chat.presence.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
  private static final String SECRET = "token-verifier-test-secret-of-32-bytes!";
  private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final TokenPolicy OURS =
      new TokenPolicy(Optional.of("https://id.example.com"), Optional.of("presence"), Duration.ofHours(12), Duration.ofSeconds(5));

  private final TokenVerifier verifier = TokenVerifier.hs256(SECRET, 3, OURS, CLOCK);

  @Test
  void aTokenOfOurIssuerForUsWithinItsLifetimeIsAccepted() {
    assertThat(verifier.verify(Optional.of(token(claims -> claims))).identity()).isPresent();
  }

  @Test
  void aTokenOfAnotherIssuerIsRefused() {
    var verification = verifier.verify(Optional.of(token(claims -> claims.issuer("https://other.example.com"))));

    assertThat(verification.identity()).isEmpty();
    assertThat(verification.refusalStatus()).isEqualTo(401);
  }

  @Test
  void aTokenWithoutAnIssuerIsRefusedWhenOneIsRequired() {
    assertThat(verifier.verify(Optional.of(token(claims -> claims.issuer(null)))).identity()).isEmpty();
  }

  /** The shared identity provider's token for another of its applications. */
  @Test
  void aTokenForAnotherAudienceOrForNoneIsRefused() {
    assertThat(verifier.verify(Optional.of(token(claims -> claims.audience("billing")))).identity()).isEmpty();
    assertThat(verifier.verify(Optional.of(token(claims -> claims.audience((String) null)))).identity()).isEmpty();
  }

  @Test
  void aTokenLivingLongerThanAllowedIsRefusedEvenIfUnexpired() {
    var verification =
        verifier.verify(
            Optional.of(token(claims -> claims.expirationTime(Date.from(NOW.plus(Duration.ofHours(12)).plusSeconds(60))))));

    assertThat(verification.identity()).isEmpty();
    assertThat(verification.reason()).contains("lives longer");
  }

  @Test
  void aTokenWithoutIssueTimeCountsItsLifetimeFromNow() {
    assertThat(
            verifier
                .verify(
                    Optional.of(
                        token(claims -> claims.issueTime(null).expirationTime(Date.from(NOW.plus(Duration.ofDays(2)))))))
                .identity())
        .isEmpty();
    assertThat(
            verifier
                .verify(
                    Optional.of(token(claims -> claims.issueTime(null).expirationTime(Date.from(NOW.plusSeconds(600))))))
                .identity())
        .isPresent();
  }

  /** Seen accepted up to 60 s past its expiry before the skew was set to 5 s. */
  @Test
  void aTokenExpiredTenSecondsAgoIsRefused() {
    var verification =
        verifier.verify(
            Optional.of(
                token(
                    claims ->
                        claims
                            .issueTime(Date.from(NOW.minusSeconds(3600)))
                            .expirationTime(Date.from(NOW.minusSeconds(10))))));

    assertThat(verification.identity()).isEmpty();
  }

  @Test
  void withoutIssuerOrAudienceConfiguredNeitherIsRequired() {
    TokenVerifier open = TokenVerifier.hs256(SECRET, 3, TokenPolicy.DEFAULT, CLOCK);

    assertThat(open.verify(Optional.of(token(claims -> claims.issuer(null).audience((String) null)))).identity())
        .isPresent();
  }

  private static String token(UnaryOperator<JWTClaimsSet.Builder> change) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject("ann")
            .claim("site", "s1")
            .claim("role", "agent")
            .issuer("https://id.example.com")
            .audience("presence")
            .issueTime(Date.from(NOW.minusSeconds(60)))
            .expirationTime(Date.from(NOW.plus(Duration.ofHours(8))));
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), change.apply(claims).build());
      jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
