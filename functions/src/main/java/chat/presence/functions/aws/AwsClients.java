package chat.presence.functions.aws;

import chat.presence.model.settings.Setting;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the AWS SDK clients once per process. The URL-connection HTTP client and explicit region
 * and credential providers keep cold starts short (no provider-chain probing). Locally, endpoint
 * overrides point the same clients at the emulators.
 */
public final class AwsClients {

  private final Map<String, String> env;
  private final List<ExecutionInterceptor> dynamoInterceptors;
  private final List<ExecutionInterceptor> sqsInterceptors;
  private final List<ExecutionInterceptor> connectionsInterceptors;
  private final SdkHttpClient http;
  private final Region region;
  private final AwsCredentialsProvider credentials;

  public AwsClients(Map<String, String> env) {
    this(env, List.of(), List.of(), List.of());
  }

  /**
   * With interceptors on the DynamoDB, SQS and gateway {@code @connections} clients: the local
   * runtime's observers, fault injection and the record of the calls made.
   */
  public AwsClients(
      Map<String, String> env,
      List<ExecutionInterceptor> dynamoInterceptors,
      List<ExecutionInterceptor> sqsInterceptors,
      List<ExecutionInterceptor> connectionsInterceptors) {
    this(env, dynamoInterceptors, sqsInterceptors, connectionsInterceptors, UrlConnectionHttpClient.builder().build());
  }

  /** On another HTTP client: SnapStart priming's, which answers from memory. */
  public AwsClients(Map<String, String> env, SdkHttpClient http) {
    this(env, List.of(), List.of(), List.of(), http);
  }

  private AwsClients(
      Map<String, String> env,
      List<ExecutionInterceptor> dynamoInterceptors,
      List<ExecutionInterceptor> sqsInterceptors,
      List<ExecutionInterceptor> connectionsInterceptors,
      SdkHttpClient http) {
    this.env = env;
    this.http = http;
    this.dynamoInterceptors = List.copyOf(dynamoInterceptors);
    this.sqsInterceptors = List.copyOf(sqsInterceptors);
    this.connectionsInterceptors = List.copyOf(connectionsInterceptors);
    this.region = Region.of(env.getOrDefault("AWS_REGION", "us-east-1"));
    boolean emulated =
        env.containsKey(Setting.DYNAMODB_ENDPOINT.envName()) || env.containsKey(Setting.SQS_ENDPOINT.envName());
    this.credentials =
        emulated
            ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
            // With SnapStart, Lambda hands out credentials through the container endpoint, not the
            // key variables. Either way they are resolved on the first call: after a restore, so
            // that no snapshot holds them.
            : AwsCredentialsProviderChain.of(
                EnvironmentVariableCredentialsProvider.create(), ContainerCredentialsProvider.builder().build());
  }

  public DynamoDbClient dynamoDb() {
    var builder =
        DynamoDbClient.builder()
            .httpClient(http)
            .region(region)
            .credentialsProvider(credentials)
            .overrideConfiguration(c -> c.executionInterceptors(dynamoInterceptors));
    endpoint(Setting.DYNAMODB_ENDPOINT.envName()).ifPresent(builder::endpointOverride);
    return builder.build();
  }

  public SqsClient sqs() {
    var builder =
        SqsClient.builder()
            .httpClient(http)
            .region(region)
            .credentialsProvider(credentials)
            .overrideConfiguration(c -> c.executionInterceptors(sqsInterceptors));
    endpoint(Setting.SQS_ENDPOINT.envName()).ifPresent(builder::endpointOverride);
    return builder.build();
  }

  public ApiGatewayManagementApiClient connections() {
    return ApiGatewayManagementApiClient.builder()
        .httpClient(http)
        .region(region)
        .credentialsProvider(credentials)
        .endpointOverride(
            endpoint(Setting.CONNECTIONS_ENDPOINT.envName())
                .orElseThrow(() -> missing(Setting.CONNECTIONS_ENDPOINT.envName())))
        .overrideConfiguration(c -> c.executionInterceptors(connectionsInterceptors))
        .build();
  }

  public SecretsManagerClient secrets() {
    return SecretsManagerClient.builder().httpClient(http).region(region).credentialsProvider(credentials).build();
  }

  public String required(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw missing(name);
    }
    return value;
  }

  private Optional<URI> endpoint(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank()).map(URI::create);
  }

  private static IllegalStateException missing(String name) {
    return new IllegalStateException("environment variable " + name + " is not set");
  }
}
