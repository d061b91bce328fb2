package chat.presence.local;

import chat.presence.local.audit.AuditCommand;
import chat.presence.model.settings.Setting;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar presence-local.jar [--port P] [--data DIR]}, and {@code token}. */
@Command(
    name = "presence-local",
    mixinStandardHelpOptions = true,
    description = "Runs the presence backend on this machine, with emulated AWS services.",
    subcommands = {LocalRuntimeCli.Token.class, AuditCommand.class})
public final class LocalRuntimeCli implements Callable<Integer> {
  @Option(names = "--port", description = "WebSocket and HTTP port (default: $PRESENCE_PORT or 8080)")
  private Integer port;

  @Option(names = "--data", description = "keep DynamoDB data in this folder (default: in memory)")
  private Path dataDir;

  /** Where DynamoDB and SQS come from. */
  enum Backend {
    embedded,
    localstack
  }

  @Option(
      names = "--backend",
      description =
          "embedded: start dynalite and ElasticMQ; localstack: use LocalStack's DynamoDB and SQS at --endpoint"
              + " (default: ${DEFAULT-VALUE})")
  private Backend backend = Backend.embedded;

  @Option(
      names = "--endpoint",
      description = "LocalStack's endpoint, with --backend localstack (default: ${DEFAULT-VALUE})")
  private URI endpoint = ExternalBackend.LOCALSTACK_DEFAULT;

  @Option(names = "--verbose", description = "log at INFO: the emulators', the gateway's and the handlers' lines")
  private boolean verbose;

  @Option(names = "--metrics", description = "print the handlers' metrics (CloudWatch embedded metric format lines)")
  private boolean metrics;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LocalRuntimeCli()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    quietLogs(verbose, metrics);
    LocalSettings settings = LocalSettings.fromEnvironment(System.getenv());
    if (port != null) {
      settings = settings.withPort(port);
    }
    settings = settings.withDataDir(Optional.ofNullable(dataDir));
    if (backend == Backend.localstack) {
      if (dataDir != null) {
        System.err.println("presence-local: --data keeps dynalite's data; LocalStack keeps its own");
        return 2;
      }
      settings = settings.withBackend(ExternalBackend.localStack(endpoint));
    }
    LocalRuntime runtime;
    try {
      runtime = LocalRuntime.start(settings);
    } catch (LocalRuntime.PortInUseException e) {
      System.err.println("presence-local: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      System.err.println("presence-local: could not start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("presence-local: shutting down");
                  runtime.close();
                  stopped.countDown();
                },
                "shutdown"));
    printBanner(System.out, runtime);
    stopped.await();
    return 0;
  }

  /**
   * By default only the ready banner, warnings and errors reach the terminal. slf4j-simple reads
   * these properties when the first logger is made, which is after this.
   */
  private static void quietLogs(boolean verbose, boolean metrics) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
    System.setProperty("org.slf4j.simpleLogger.log.metrics", metrics ? "info" : "off");
    // Pekko (inside ElasticMQ) warns that it cannot add its own shutdown hook when the JVM is
    // already shutting down, which is exactly when the runtime stops it.
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.pekko.actor.CoordinatedShutdown", "error");
  }

  static void printBanner(PrintStream out, LocalRuntime runtime) {
    LocalSettings settings = runtime.settings();
    out.println();
    out.println("Presence backend, local runtime: ready");
    out.println("  WebSocket     " + runtime.webSocketUrl() + "?token=JWT");
    out.println("  @connections  " + runtime.httpUrl() + "/@connections/{connectionId}");
    out.println("  health        " + runtime.httpUrl() + "/health");
    out.println("  console       " + runtime.httpUrl() + "/console");
    if (runtime.dynamo().embedded()) {
      out.println(
          "  DynamoDB      dynalite at "
              + runtime.dynamo().endpoint()
              + settings.dataDir().map(d -> ", data in " + d.toAbsolutePath()).orElse(", in memory"));
      out.println("  SQS           ElasticMQ at " + runtime.sqs().endpoint() + ", queue " + runtime.queues().url());
    } else {
      out.println("  DynamoDB      " + runtime.dynamo().endpoint() + " (its tables emptied at start)");
      out.println("  SQS           " + runtime.sqs().endpoint() + ", queue " + runtime.queues().url());
    }
    out.println("  get a token   java -jar localstack/target/presence-local.jar token --site demo --sub agent-1 --role agent");
    if (settings.jwtSecret().isEmpty()) {
      out.println(
          "  WARNING       tokens are checked with the built-in development secret;"
              + " set PRESENCE_JWT_SECRET to use your own");
    }
    out.println("Stop with Ctrl+C.");
  }

  /** Prints a signed development token. */
  @Command(name = "token", mixinStandardHelpOptions = true, description = "Prints a development token.")
  static final class Token implements Callable<Integer> {
    @Option(names = "--site", required = true, description = "site (customer account) id")
    private String site;

    @Option(names = "--sub", required = true, description = "agent or visitor id")
    private String subject;

    @Option(names = "--role", required = true, description = "agent or visitor")
    private String role;

    @Option(names = "--max-chats", description = "the agent's capacity (default: server default)")
    private Integer maxChats;

    @Option(
        names = "--groups",
        split = ",",
        description = "an agent's routing groups, comma-separated (default: none)")
    private List<String> groups = List.of();

    @Option(names = "--ttl-minutes", defaultValue = "720", description = "lifetime (default: 720)")
    private long ttlMinutes;

    @Override
    public Integer call() {
      LocalSettings settings = LocalSettings.fromEnvironment(System.getenv());
      if (settings.jwtSecret().isPresent()) {
        // It may be a deployed stage's key: tokens for a real secret come from its issuer.
        System.err.println(
            Setting.JWT_SECRET.envName()
                + " is set: this command signs only with the local development secret. Unset it, or"
                + " get a token from the stage's issuer (README: \"Tokens for a deployed stage\").");
        return 2;
      }
      System.out.println(
          DevTokens.sign(
              settings.effectiveJwtSecret(),
              site,
              subject,
              role,
              Duration.ofMinutes(ttlMinutes),
              maxChats == null ? OptionalInt.empty() : OptionalInt.of(maxChats),
              groups));
      return 0;
    }
  }
}
