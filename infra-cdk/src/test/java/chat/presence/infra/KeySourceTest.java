package chat.presence.infra;

import static chat.presence.infra.FunctionsTest.environmentOf;
import static chat.presence.infra.SynthesizedStack.asList;
import static org.assertj.core.api.Assertions.assertThat;

import chat.presence.model.settings.Setting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeySourceTest {
  static final String SECRET_ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:presence-jwt-AbCdEf";
  static final String JWKS_URL = "https://issuer.example.com/.well-known/jwks.json";
  static final Map<String, Object> IMPORTED_SECRET = Map.of("jwtSecretArn", SECRET_ARN);
  static final Map<String, Object> JWKS = Map.of("jwksUrl", JWKS_URL);

  @Test
  void withoutAKeySourceTheStackGeneratesAnHs256SecretAndOutputsItsArn() {
    SynthesizedStack stack = SynthesizedStack.withDefaults();
    String secretId = stack.resources("AWS::SecretsManager::Secret").keySet().iterator().next();

    assertThat(environmentOf(stack, Handler.CONNECT))
        .containsEntry(Setting.JWT_SECRET_ARN.envName(), SynthesizedStack.ref(secretId));
    assertThat(secretResourcesReadBy(stack)).containsExactly(SynthesizedStack.ref(secretId));
    assertThat(stack.output("JwtSecretArn")).contains(SynthesizedStack.ref(secretId));
  }

  @Test
  void aGivenSecretIsReadInsteadOfCreatingOne() {
    SynthesizedStack stack = SynthesizedStack.withContext(IMPORTED_SECRET);

    stack.template.resourceCountIs("AWS::SecretsManager::Secret", 0);
    assertThat(environmentOf(stack, Handler.CONNECT))
        .containsEntry(Setting.JWT_SECRET_ARN.envName(), SECRET_ARN)
        .doesNotContainKey(Setting.JWKS_URL.envName());
    assertThat(secretResourcesReadBy(stack)).containsExactly(SECRET_ARN);
    assertThat(stack.output("JwtSecretArn")).isEmpty();
  }

  @Test
  void aJwksUrlNeedsNoSecretAndNoSecretPermission() {
    SynthesizedStack stack = SynthesizedStack.withContext(JWKS);

    stack.template.resourceCountIs("AWS::SecretsManager::Secret", 0);
    assertThat(environmentOf(stack, Handler.CONNECT))
        .containsEntry(Setting.JWKS_URL.envName(), JWKS_URL)
        .doesNotContainKey(Setting.JWT_SECRET_ARN.envName());
    assertThat(secretResourcesReadBy(stack)).isEmpty();
  }

  @Test
  void theIssuerAudienceAndLifetimeGivenReachTheConnectHandler() {
    SynthesizedStack stack =
        SynthesizedStack.withContext(
            Map.of(
                "jwksUrl", JWKS_URL,
                "jwtIssuer", "https://issuer.example.com/",
                "jwtAudience", "presence",
                "jwtMaxLifetimeSeconds", "900"));

    assertThat(environmentOf(stack, Handler.CONNECT))
        .containsEntry(Setting.JWT_ISSUER.envName(), "https://issuer.example.com/")
        .containsEntry(Setting.JWT_AUDIENCE.envName(), "presence")
        .containsEntry(Setting.JWT_MAX_LIFETIME.envName(), "900");
  }

  @Test
  void withoutIssuerOrAudienceNeitherIsSetAndTheLifetimeIsTwelveHours() {
    assertThat(environmentOf(SynthesizedStack.withDefaults(), Handler.CONNECT))
        .doesNotContainKeys(Setting.JWT_ISSUER.envName(), Setting.JWT_AUDIENCE.envName())
        .containsEntry(Setting.JWT_MAX_LIFETIME.envName(), "43200");
  }

  private static List<Object> secretResourcesReadBy(SynthesizedStack stack) {
    return stack.statementsOf(Handler.CONNECT).stream()
        .filter(s -> asList(s.get("Action")).contains("secretsmanager:GetSecretValue"))
        .flatMap(s -> asList(s.get("Resource")).stream())
        .toList();
  }
}
