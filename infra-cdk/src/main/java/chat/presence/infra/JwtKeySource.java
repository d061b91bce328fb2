package chat.presence.infra;

import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * Where ConnectHandler finds the key that verifies tokens: an HS256 secret in Secrets Manager (the
 * given one, or one generated here) or, for RS256, a JWKS URL.
 */
final class JwtKeySource extends Construct {
  static final String SECRET_ARN_VARIABLE = "PRESENCE_JWT_SECRET_ARN";
  static final String JWKS_URL_VARIABLE = "PRESENCE_JWKS_URL";

  private final Optional<ISecret> secret;
  private final Optional<String> jwksUrl;
  private final boolean generated;

  JwtKeySource(Construct scope, String id, PresenceConfig config) {
    super(scope, id);
    jwksUrl = config.jwksUrl();
    generated = jwksUrl.isEmpty() && config.jwtSecretArn().isEmpty();
    if (jwksUrl.isPresent()) {
      secret = Optional.empty();
    } else if (generated) {
      secret = Optional.of(createSecret());
    } else {
      secret =
          Optional.of(Secret.fromSecretCompleteArn(this, "Secret", config.jwtSecretArn().get()));
    }
  }

  /** The secret to read, absent when tokens are verified against a JWKS URL. */
  Optional<ISecret> secret() {
    return secret;
  }

  /** The secret that this stack created, whose value the token issuer needs. */
  Optional<ISecret> generatedSecret() {
    return generated ? secret : Optional.empty();
  }

  Map<String, String> environment() {
    return secret
        .map(s -> Map.of(SECRET_ARN_VARIABLE, s.getSecretArn()))
        .orElseGet(() -> Map.of(JWKS_URL_VARIABLE, jwksUrl.orElseThrow()));
  }

  private ISecret createSecret() {
    return Secret.Builder.create(this, "Secret")
        .description("HS256 key that signs the presence backend's access tokens")
        .generateSecretString(
            SecretStringGenerator.builder().passwordLength(64).excludePunctuation(true).build())
        .build();
  }
}
