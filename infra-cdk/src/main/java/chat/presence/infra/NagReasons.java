package chat.presence.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.Stack;

/**
 * The cdk-nag AwsSolutions findings this stack keeps, each with the reason it is right here. Every
 * other finding is fixed in the stack; {@code CdkNagTest} fails on any new one.
 */
final class NagReasons {
  private NagReasons() {}

  static void apply(Stack stack) {
    NagSuppressions.addStackSuppressions(
        stack,
        List.of(
            suppress(
                "AwsSolutions-APIG4",
                "A WebSocket API authorizes only at $connect, and ConnectHandler verifies the token"
                    + " there itself (one function fewer on the connect path); every other route"
                    + " reads the identity stored for the connection, so no frame can claim one."),
            suppress(
                "AwsSolutions-APIG1",
                "Access logging needs the account-wide API Gateway CloudWatch role, which a stage"
                    + " stack should not own; each handler logs its request with the connection id,"
                    + " and ConnectHandler each identity it accepts or refuses."),
            suppress(
                "AwsSolutions-SMG4",
                "The HS256 key signs every issued token: rotating it on a schedule would log every"
                    + " agent out at once. Rotate it as a planned change, or use PRESENCE_JWKS_URL so"
                    + " that the identity provider rotates its own keys."),
            suppress(
                "AwsSolutions-L1",
                "The Java runtime is pinned to the one the SnapStart priming and the init"
                    + " measurements were made for; moving it is a measured change, not a lint fix."),
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(
                    "Connection ids are only known at run time: @connections/* under this API's own"
                        + " stage and one HTTP method is as narrow as the gateway's ARNs allow.")
                .appliesTo(
                    List.of(
                        RegexAppliesTo.builder()
                            .regex("/^Resource::arn:<AWS::Partition>:execute-api:.*\\/(POST|GET|DELETE)\\/@connections\\/\\*$/g")
                            .build()))
                .build()));
  }

  private static NagPackSuppression suppress(String rule, String reason) {
    return NagPackSuppression.builder().id(rule).reason(reason).build();
  }
}
