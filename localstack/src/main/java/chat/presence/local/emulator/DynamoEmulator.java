package chat.presence.local.emulator;

import chat.presence.model.schema.TableSpec;
import chat.presence.model.settings.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * DynamoDB for the local runtime: dynalite (MIT licensed) on Node.js, run as a child process on a
 * loopback port, in memory or persisted to a folder; or a DynamoDB endpoint the runtime is given
 * (LocalStack's), which it uses but neither starts nor stops.
 */
public final class DynamoEmulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DynamoEmulator.class);
  private static final String HOST = "127.0.0.1";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STARTUP_PROBE_INTERVAL = Duration.ofMillis(100);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  /** dynalite, when this runtime started it. */
  private final Optional<Process> process;
  private final ProcessOutput output;
  private final URI endpoint;
  private final DynamoDbClient client;

  private DynamoEmulator(Optional<Process> process, ProcessOutput output, URI endpoint) {
    this.process = process;
    this.output = output;
    this.endpoint = endpoint;
    this.client = LocalClients.dynamo(endpoint);
    // No shutdown hook of its own: one would stop dynalite beside the runtime's, before the gateway
    // has drained. The guard script ends dynalite when this JVM ends, however it ends.
  }

  /**
   * Starts dynalite and returns once it answers ListTables.
   *
   * @param dataDir where to persist tables across restarts; in memory when empty
   * @throws EmulatorException when Node.js or dynalite is missing, or dynalite does not come up
   */
  public static DynamoEmulator start(Optional<Path> dataDir) {
    return start(dataDir, System.getenv());
  }

  static DynamoEmulator start(Optional<Path> dataDir, Map<String, String> env) {
    Path cli = DynaliteHome.cliScript(env);
    String node = Setting.NODE.required(env);
    int port = freeLoopbackPort();
    List<String> command =
        new ArrayList<>(List.of(node, "--require", guardScript().toString(), cli.toString(), "--host", HOST));
    command.addAll(List.of("--port", Integer.toString(port)));
    // No artificial CREATING phase; createTables still waits for ACTIVE, as it must on AWS.
    command.addAll(List.of("--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
    dataDir.ifPresent(dir -> command.addAll(List.of("--path", createdDirectory(dir).toString())));

    Process process = launch(command, node);
    URI endpoint = URI.create("http://" + HOST + ":" + port);
    DynamoEmulator emulator =
        new DynamoEmulator(Optional.of(process), ProcessOutput.follow(process, "dynalite"), endpoint);
    try {
      emulator.awaitReady();
    } catch (RuntimeException e) {
      emulator.close();
      throw e;
    }
    log.info(
        "dynalite listening at {}, {}",
        endpoint,
        dataDir.map(dir -> "data in " + dir).orElse("in memory"));
    return emulator;
  }

  /**
   * A DynamoDB endpoint that runs on its own, such as LocalStack's, once it answers ListTables.
   *
   * @throws EmulatorException when it does not answer within the startup timeout
   */
  public static DynamoEmulator external(URI endpoint) {
    DynamoEmulator external = new DynamoEmulator(Optional.empty(), ProcessOutput.none(), endpoint);
    try {
      external.awaitReady();
    } catch (RuntimeException e) {
      external.close();
      throw e;
    }
    return external;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Whether this runtime started the emulator itself (dynalite), rather than being given one. */
  public boolean embedded() {
    return process.isPresent();
  }

  /** The emulator's client; closed by {@link #close()}. */
  public DynamoDbClient client() {
    return client;
  }

  /**
   * Creates the tables that do not exist yet (so a persisted data folder can be reused) and waits
   * until they are active. An external endpoint's tables, perhaps left by an earlier run, are
   * deleted first: the runtime starts from empty tables there, as it does on dynalite in memory.
   */
  public void createTables(List<TableSpec> specs, Function<TableSpec, String> tableName) {
    try (DynamoDbWaiter waiter = quickWaiter()) {
      for (TableSpec spec : specs) {
        String name = tableName.apply(spec);
        if (!embedded()) {
          deleteTable(name);
          waiter.waitUntilTableNotExists(r -> r.tableName(name));
        }
        createTable(spec, name);
        waiter.waitUntilTableExists(r -> r.tableName(name));
        enableTimeToLive(name, spec.ttlAttribute());
      }
    }
  }

  /** Stops dynalite (data in a data folder stays there); an external endpoint is left running. */
  @Override
  public void close() {
    client.close();
    process.ifPresent(DynamoEmulator::stop);
  }

  private static void stop(Process dynalite) {
    dynalite.destroy();
    try {
      if (!dynalite.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        dynalite.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      dynalite.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void createTable(TableSpec spec, String name) {
    try {
      client.createTable(TableDefinitions.createRequest(spec, name));
      log.debug("Created table {}", name);
    } catch (ResourceInUseException exists) {
      log.debug("Table {} already exists", name);
    }
  }

  private void deleteTable(String name) {
    try {
      client.deleteTable(r -> r.tableName(name));
    } catch (ResourceNotFoundException absent) {
      log.debug("Table {} does not exist yet", name);
    }
  }

  private void enableTimeToLive(String table, String attribute) {
    try {
      client.updateTimeToLive(
          r ->
              r.tableName(table)
                  .timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true)));
    } catch (DynamoDbException unsupported) {
      // dynalite has no TTL; nothing depends on expired items being deleted, only on expiry times.
      log.debug("Time to live not enabled on {}: {}", table, unsupported.getMessage());
    }
  }

  private DynamoDbWaiter quickWaiter() {
    return DynamoDbWaiter.builder()
        .client(client)
        .overrideConfiguration(
            o ->
                o.backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(50)))
                    .waitTimeout(Duration.ofSeconds(10)))
        .build();
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (true) {
      if (process.isPresent() && !process.get().isAlive()) {
        throw new EmulatorException(
            "dynalite exited with code " + process.get().exitValue() + " while starting:"
                + System.lineSeparator() + output.lastLines());
      }
      try {
        client.listTables();
        return;
      } catch (SdkClientException notYetListening) {
        if (Instant.now().isAfter(deadline)) {
          throw new EmulatorException(
              (embedded() ? "dynalite" : "DynamoDB") + " did not answer at " + endpoint + " within "
                  + STARTUP_TIMEOUT.toSeconds() + " s; its output:"
                  + System.lineSeparator() + output.lastLines(),
              notYetListening);
        }
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(STARTUP_PROBE_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmulatorException("Interrupted while waiting for dynalite", e);
    }
  }

  /**
   * The script that keeps dynalite alive when a client drops a request half sent, written out of the
   * jar once per process (node loads it by path).
   */
  private static synchronized Path guardScript() {
    try (InputStream script = DynamoEmulator.class.getResourceAsStream("/emulator/dynalite-guard.js")) {
      if (script == null) {
        throw new EmulatorException("dynalite-guard.js is missing from the local runtime's jar");
      }
      Path file = Files.createTempFile("dynalite-guard", ".js");
      file.toFile().deleteOnExit();
      Files.copy(script, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new EmulatorException("cannot write dynalite's guard script", e);
    }
  }

  private static Process launch(List<String> command, String node) {
    try {
      return new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new EmulatorException(
          "Cannot run Node.js ('" + node + "'), which the DynamoDB emulator needs: install"
              + " Node.js 18 or later, or set " + Setting.NODE.envName() + " to the node executable",
          e);
    }
  }

  private static Path createdDirectory(Path dir) {
    try {
      return Files.createDirectories(dir).toAbsolutePath();
    } catch (IOException e) {
      throw new EmulatorException("Cannot create the DynamoDB data folder " + dir, e);
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new EmulatorException("No free loopback port for dynalite", e);
    }
  }
}
