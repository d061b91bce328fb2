package chat.presence.functions.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CloudWatch metrics in the Embedded Metric Format: one JSON log line per metric, which CloudWatch
 * Logs turns into a metric. No API call, no extra permission, no latency on the handler's path.
 */
public final class Metrics {
  public static final String NAMESPACE = "Presence";
  private static final Logger LOG = LoggerFactory.getLogger("metrics");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;

  public Metrics(Clock clock) {
    this.clock = clock;
  }

  /** Emits {@code name = value} with the given dimensions (empty for a fleet-wide metric). */
  public void emit(String name, double value, Map<String, String> dimensions) {
    ObjectNode line = JSON.createObjectNode();
    ObjectNode aws = line.putObject("_aws").put("Timestamp", clock.millis());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject().put("Namespace", NAMESPACE);
    var dimensionNames = directive.putArray("Dimensions").addArray();
    dimensions.keySet().forEach(dimensionNames::add);
    directive.putArray("Metrics").addObject().put("Name", name).put("Unit", "Count");
    dimensions.forEach(line::put);
    line.put(name, value);
    LOG.info(line.toString());
  }
}
