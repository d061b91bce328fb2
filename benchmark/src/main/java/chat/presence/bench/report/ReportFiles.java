package chat.presence.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Writes a report as {@code bench-<time>.md} and {@code .json} into the results folder. */
public final class ReportFiles {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Where a report went. */
  public record Written(Path markdown, Path json) {}

  private ReportFiles() {}

  public static Written write(BenchReport report, Path folder) throws IOException {
    Files.createDirectories(folder);
    String name = "bench-" + LocalDateTime.now().format(STAMP);
    Path markdown = folder.resolve(name + ".md");
    Path json = folder.resolve(name + ".json");
    Files.writeString(markdown, MarkdownReport.render(report), StandardCharsets.UTF_8);
    JSON.writeValue(json.toFile(), report);
    return new Written(markdown, json);
  }
}
