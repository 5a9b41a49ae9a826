package io.ovt.ebs.cindersync.app;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ovt.ebs.cindersync.client.CinderClient;
import io.ovt.ebs.cindersync.client.RetryPolicy;
import io.ovt.ebs.cindersync.conf.ImportConfCommand;
import io.ovt.ebs.cindersync.kube.MirrorPass;
import io.ovt.ebs.cindersync.kube.ServiceMirror;
import io.ovt.ebs.cindersync.kube.SnapshotMirror;
import io.ovt.ebs.cindersync.kube.SnapshotPass;
import io.ovt.ebs.cindersync.kube.SyncLoop;
import io.ovt.ebs.cindersync.kube.VolumeMirror;
import io.ovt.ebs.cindersync.mirror.SnapshotMirrorPlan;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan;
import io.ovt.ebs.metrics.MetricsEndpoint;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** cinder-sync's command line: mirrors one Cinder's EBS volumes and service states. */
@Command(
    name = "ebs-cinder-sync",
    mixinStandardHelpOptions = true,
    subcommands = ImportConfCommand.class,
    description =
        "Mirrors OpenStack Cinder's EBS volumes into Volume resources, and its volume services'"
            + " replication state to and from the FailoverPolicies.")
public final class CinderSyncMain implements Callable<Integer> {
  /** The user agent of its Kubernetes client. */
  public static final String USER_AGENT = "ebs-cinder-sync";

  private static final Duration CINDER_TIMEOUT = Duration.ofSeconds(30);

  @Mixin CinderAccess cinder = new CinderAccess();

  @Option(
      names = "--backend",
      description = "A volume_backend_name that is EBS (repeatable; default: ebs).")
  List<String> backends = List.of("ebs");

  @Option(names = "--namespace", description = "Namespace of the mirrored Volumes.")
  String namespace = System.getenv().getOrDefault("POD_NAMESPACE", "default");

  @Option(names = "--poll-seconds", description = "Seconds between rounds (default: 10).")
  int pollSeconds = 10;

  @Option(
      names = "--full-resync-minutes",
      description = "Minutes between full resyncs; rounds in between poll changes (default: 10).")
  int fullResyncMinutes = 10;

  @Option(
      names = "--delete-grace-minutes",
      description = "How long a Volume is kept once its Cinder volume is gone (default: 10).")
  int deleteGraceMinutes = 10;

  @Option(
      names = "--delete-orphans",
      description =
          "Also delete (after the grace period) Volumes it made whose Cinder volume it never saw"
              + " deleted; without it they are reported and kept.")
  boolean deleteOrphans;

  @Option(names = "--page-size", description = "Volumes per page when listing (default: 500).")
  int pageSize = 500;

  @Option(
      names = "--metrics-port",
      description = "Port of GET /metrics (Prometheus text) and /healthz; 0 turns them off.")
  int metricsPort = 8081;

  @Option(names = "--lease-namespace", description = "Namespace of the leader-election Lease.")
  String leaseNamespace = System.getenv().getOrDefault("POD_NAMESPACE", "default");

  @Option(
      names = "--identity",
      description = "This replica's name in the Lease (default: the host name, i.e. the pod).")
  String identity = System.getenv().getOrDefault("HOSTNAME", "cinder-sync");

  @Option(names = "--no-leader-election", description = "Run without leader election.")
  boolean noLeaderElection;

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new CinderSyncMain()).execute(args));
  }

  /** What is wrong with the options, or null. */
  String problem() {
    if (pollSeconds < 1 || fullResyncMinutes < 1 || deleteGraceMinutes < 0 || pageSize < 1) {
      return "--poll-seconds, --full-resync-minutes and --page-size must be at least 1,"
          + " --delete-grace-minutes at least 0";
    }
    if (backends.isEmpty() || backends.stream().anyMatch(String::isBlank)) {
      return "--backend must name a volume_backend_name";
    }
    return cinder.problem();
  }

  @Override
  public Integer call() throws Exception {
    String problem = problem();
    if (problem != null) {
      System.err.println("ebs-cinder-sync: " + problem);
      return 2;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Config config = Config.autoConfigure(null);
    // Named in the API server's audit log (and in the tests' record of its calls).
    config.setUserAgent(USER_AGENT);
    KubernetesClient kube = new KubernetesClientBuilder().withConfig(config).build();
    Clock clock = Clock.systemUTC();
    HttpClient http = HttpClient.newBuilder().connectTimeout(CINDER_TIMEOUT).build();
    CinderClient client =
        new CinderClient(
            http,
            cinder.auth(http, clock, CINDER_TIMEOUT),
            RetryPolicy.standard(),
            CINDER_TIMEOUT,
            CinderClient.DEFAULT_MICROVERSION,
            pageSize);
    SyncMetrics metrics = new SyncMetrics(registry, clock);
    MetricsEndpoint endpoint =
        metricsPort == 0
            ? null
            : MetricsEndpoint.start(new InetSocketAddress(metricsPort), registry, () -> {});
    SyncService service =
        SyncService.start(
            kube,
            loop(kube, client, clock),
            metrics,
            Duration.ofSeconds(pollSeconds),
            noLeaderElection
                ? Optional.empty()
                : Optional.of(SyncService.Election.standard(leaseNamespace, identity)));
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  if (endpoint != null) {
                    endpoint.close();
                  }
                  kube.close();
                  done.countDown();
                }));
    // Lost leadership ends the process: Kubernetes restarts it as a fresh candidate.
    service.leadershipLost().thenRun(done::countDown);
    done.await();
    return service.leadershipLost().isDone() ? 1 : 0;
  }

  /** The rounds these options describe. */
  SyncLoop loop(KubernetesClient kube, CinderClient client, Clock clock) {
    VolumeMirrorPlan.Settings settings =
        new VolumeMirrorPlan.Settings(
            new LinkedHashSet<>(backends), Duration.ofMinutes(deleteGraceMinutes), deleteOrphans);
    VolumeMirror mirror = new VolumeMirror(kube, namespace, clock);
    return new SyncLoop(
        client,
        new MirrorPass(new VolumeMirrorPlan(settings), mirror, clock),
        new SnapshotPass(
            new SnapshotMirrorPlan(settings),
            new SnapshotMirror(kube, namespace, clock),
            mirror,
            clock),
        new ServiceMirror(kube, client),
        Duration.ofMinutes(fullResyncMinutes),
        clock);
  }
}
