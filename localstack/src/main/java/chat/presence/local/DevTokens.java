package chat.presence.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.OptionalInt;

/** Signs development tokens for the local runtime (HS256 with the runtime's secret). */
public final class DevTokens {
  private DevTokens() {}

  public static String sign(
      String secret, String siteId, String subject, String role, Duration ttl, OptionalInt maxChats) {
    return sign(secret, siteId, subject, role, ttl, maxChats, List.of());
  }

  /** With an agent's routing groups (none: no {@code groups} claim). */
  public static String sign(
      String secret,
      String siteId,
      String subject,
      String role,
      Duration ttl,
      OptionalInt maxChats,
      List<String> groups) {
    Instant now = Instant.now();
    var claims =
        new JWTClaimsSet.Builder()
            .subject(subject)
            .claim("site", siteId)
            .claim("role", role)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)));
    maxChats.ifPresent(max -> claims.claim("maxChats", max));
    if (!groups.isEmpty()) {
      claims.claim("groups", groups);
    }
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalArgumentException("cannot sign with this secret: " + e.getMessage(), e);
    }
  }
}
