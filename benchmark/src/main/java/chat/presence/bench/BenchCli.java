package chat.presence.bench;

import chat.presence.bench.scale.ScaleCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar presence-bench.jar bench|scale [options]}. */
@Command(
    name = "presence-bench",
    mixinStandardHelpOptions = true,
    description = "Measures the presence backend on a local runtime of its own.",
    subcommands = {BenchCommand.class, ScaleCommand.class})
public final class BenchCli implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCli()).execute(args));
  }

  /** Without a subcommand there is nothing to run: say which there are. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: bench or scale");
  }
}
