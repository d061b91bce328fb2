package chat.presence.infra;

import chat.presence.model.settings.Setting;
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
        .map(s -> Map.of(Setting.JWT_SECRET_ARN.envName(), s.getSecretArn()))
        .orElseGet(() -> Map.of(Setting.JWKS_URL.envName(), jwksUrl.orElseThrow()));
  }

  private ISecret createSecret() {
    return Secret.Builder.create(this, "Secret")
        .description("HS256 key that signs the presence backend's access tokens")
        .generateSecretString(
            SecretStringGenerator.builder().passwordLength(64).excludePunctuation(true).build())
        .build();
  }
}
