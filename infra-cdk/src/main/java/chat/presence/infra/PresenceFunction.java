package chat.presence.infra;

import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One handler of the functions jar as a Lambda function with SnapStart, and the "live" alias that
 * everything invokes: SnapStart only applies to published versions, never to $LATEST.
 */
final class PresenceFunction extends Construct {
  static final String ALIAS_NAME = "live";
  static final int MEMORY_MB = 1024;

  private final Function function;
  private final Alias alias;
  private final Role role;

  PresenceFunction(Construct scope, Handler handler, Code code, Map<String, String> environment) {
    super(scope, handler.className());
    // Not AWSLambdaBasicExecutionRole: its log permissions cover every log group of the account.
    role =
        Role.Builder.create(this, "Role")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .build();
    LogGroup logGroup =
        LogGroup.Builder.create(this, "Logs")
            .retention(RetentionDays.ONE_MONTH)
            // Logs go with the stack; the tables are what outlives it.
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    logGroup.grantWrite(role);
    function =
        Function.Builder.create(this, "Function")
            .code(code)
            .handler(handler.handlerString())
            .runtime(Runtime.JAVA_21)
            .architecture(Architecture.ARM_64)
            .memorySize(MEMORY_MB)
            .timeout(Duration.seconds(handler.timeoutSeconds()))
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            .loggingFormat(LoggingFormat.JSON)
            .logGroup(logGroup)
            .role(role)
            .environment(environment)
            .build();
    alias =
        Alias.Builder.create(this, "Alias")
            .aliasName(ALIAS_NAME)
            .version(function.getCurrentVersion())
            .build();
    Annotations.of(function)
        .acknowledgeWarning(
            "@aws-cdk/aws-lambda:snapStartRequirePublish", "The live alias publishes a version");
  }

  Function function() {
    return function;
  }

  /** What the API, the event source and the schedules invoke. */
  Alias alias() {
    return alias;
  }

  void allow(PolicyStatement statement) {
    role.addToPolicy(statement);
  }
}
