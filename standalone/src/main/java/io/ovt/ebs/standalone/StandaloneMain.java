package io.ovt.ebs.standalone;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar ebs-standalone.jar}: the whole system on this machine, and a walkthrough. */
@Command(
    name = "ebs-standalone",
    mixinStandardHelpOptions = true,
    description = {
      "Runs an embedded Kubernetes API, the EBS operator and two node daemons on simulated hosts",
      "(hci-0001@EBS, hci-0002@EBS), applies examples/ and prints the state. It keeps running",
      "for kubectl unless --exit-after-walkthrough is given."
    })
public final class StandaloneMain implements Callable<Integer> {
  @Option(
      names = "--api-port",
      description = "Port of the embedded Kubernetes API (default ${DEFAULT-VALUE}).")
  int apiPort = 6443;

  @Option(
      names = "--node-port",
      description = "Port of both node daemons (default ${DEFAULT-VALUE}).")
  int nodePort = 7000;

  @Option(
      names = "--kubeconfig",
      description = "Where to write the kubeconfig (default ${DEFAULT-VALUE}).")
  Path kubeconfig = Path.of(".cache", "ebs-local", "kubeconfig");

  @Option(
      names = "--examples",
      description =
          "Folder of example manifests (default: examples/ if present, else the copies in the jar).")
  Path examples;

  @Option(
      names = "--sync-speedup",
      description = "Simulated resyncs run this many times DRBD's rate (default ${DEFAULT-VALUE}).")
  double syncSpeedup = 20;

  @Option(
      names = "--timeout",
      description = "Seconds to wait for the volume to be Ready (default ${DEFAULT-VALUE}).")
  long timeoutSeconds = 120;

  @Option(
      names = "--exit-after-walkthrough",
      description = "Exit after printing the tables (0 when the volume became Ready).")
  boolean exitAfterWalkthrough;

  private final PrintStream out;

  StandaloneMain(PrintStream out) {
    this.out = out;
  }

  /** Entry point. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.exit(new CommandLine(new StandaloneMain(out)).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path folder = examples;
    if (folder == null && Examples.complete(Path.of("examples"))) {
      folder = Path.of("examples");
    }
    LocalSystem system =
        LocalSystem.start(new LocalSystem.Options(apiPort, kubeconfig, nodePort, syncSpeedup));
    try {
      boolean ready = new Walkthrough(system, out).run(folder, Duration.ofSeconds(timeoutSeconds));
      if (exitAfterWalkthrough) {
        return ready ? 0 : 1;
      }
      out.println("Running. Try: kubectl --kubeconfig " + system.kubeconfig() + " get ebs");
      out.println("Apply more with kubectl apply --validate=false -f <file>. Ctrl-C stops.");
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
      return 0;
    } finally {
      system.close();
    }
  }
}
