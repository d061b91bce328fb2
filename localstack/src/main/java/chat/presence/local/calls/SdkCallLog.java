package chat.presence.local.calls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Records every AWS SDK call a handler makes, by the handler that made it, so that a test can hold
 * the deployed IAM policies to what the handlers really call: one line per distinct call, {@code
 * handler service operation resource} (a table, {@code table/index/name}, a queue's name, or the
 * gateway's HTTP method). Calls made outside a handler (the runtime's own set-up) are not recorded.
 * Lines go to a file of their own per process as they are first seen, so a process cut short keeps
 * what it saw.
 */
public final class SdkCallLog implements ExecutionInterceptor {
  /** The system property naming the folder to record into; nothing is recorded without it. */
  public static final String FOLDER_PROPERTY = "presence.sdkCallLog";

  /**
   * Inherited: a router pass finishes its chats on threads it starts (its {@code PassTasks}), and
   * their calls are the router's.
   */
  private static final ThreadLocal<String> HANDLER = new InheritableThreadLocal<>();

  /** Per process, as the file is: every runtime of a test JVM writes to the same one. */
  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

  private final Path file;

  private SdkCallLog(Path file) {
    this.file = file;
  }

  /** The log the system property asks for, if it does. */
  public static Optional<SdkCallLog> fromSystemProperty() {
    return Optional.ofNullable(System.getProperty(FOLDER_PROPERTY))
        .filter(folder -> !folder.isBlank())
        .map(folder -> new SdkCallLog(Path.of(folder, "calls-" + ProcessHandle.current().pid() + ".txt")));
  }

  /** Runs {@code invocation} as the handler {@code name}: the SDK calls it makes are its. */
  public static <T> T as(String name, Supplier<T> invocation) {
    String outer = HANDLER.get();
    HANDLER.set(name);
    try {
      return invocation.get();
    } finally {
      if (outer == null) {
        HANDLER.remove();
      } else {
        HANDLER.set(outer);
      }
    }
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String handler = HANDLER.get();
    if (handler == null) {
      return;
    }
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    for (String resource : resources(operation, context.request())) {
      String line = String.join(" ", handler, service, operation, resource);
      if (SEEN.add(line)) {
        append(line);
      }
    }
  }

  /** What the call acts on: one table per table a batch reads, else one resource. */
  private static List<String> resources(String operation, SdkRequest request) {
    if (request instanceof BatchGetItemRequest batch) {
      return batch.requestItems().keySet().stream().sorted().toList();
    }
    return List.of(resource(operation, request));
  }

  private static String resource(String operation, SdkRequest request) {
    if (request instanceof QueryRequest query) {
      return query.indexName() == null ? query.tableName() : query.tableName() + "/index/" + query.indexName();
    }
    if (request instanceof ScanRequest scan) {
      return scan.indexName() == null ? scan.tableName() : scan.tableName() + "/index/" + scan.indexName();
    }
    Optional<String> table = request.getValueForField("TableName", String.class);
    if (table.isPresent()) {
      return table.get();
    }
    Optional<String> queueUrl = request.getValueForField("QueueUrl", String.class);
    if (queueUrl.isPresent()) {
      String path = URI.create(queueUrl.get()).getPath();
      return path.substring(path.lastIndexOf('/') + 1);
    }
    return switch (operation) {
      case "PostToConnection" -> "POST";
      case "GetConnection" -> "GET";
      case "DeleteConnection" -> "DELETE";
      default -> "-";
    };
  }

  private synchronized void append(String line) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record an SDK call in " + file, e);
    }
  }
}
