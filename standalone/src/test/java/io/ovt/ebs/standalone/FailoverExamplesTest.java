package io.ovt.ebs.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverRecord;
import io.ovt.ebs.crds.replication.FailoverTrigger;
import io.ovt.ebs.embedded.Kubectl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's runbook with real kubectl, as examples/failover/README.md walks it: the active host
 * dies, the pair fails over by itself and is frozen, the host returns as secondary, thaw, and one
 * spec edit moves the volume back.
 */
class FailoverExamplesTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  @TempDir Path home;
  private LocalSystem system;
  private Kubectl kubectl;
  private final Path examples = Kubectl.repoRoot().resolve("examples");

  @BeforeEach
  void start() {
    system = LocalSystem.start(new LocalSystem.Options(0, home.resolve("kubeconfig"), 7000, 500));
    kubectl = new Kubectl(Kubectl.locate(), system.kubeconfig(), home);
  }

  @AfterEach
  void stop() {
    system.close();
  }

  @Test
  void theSeedsRunbookDoneByTheOperator() {
    List<String> walkthrough = new ArrayList<>(List.of("apply", "--validate=false"));
    for (String file : Examples.WALKTHROUGH) {
      walkthrough.addAll(List.of("-f", examples.resolve(file).toString()));
    }
    kubectl.run(walkthrough.toArray(String[]::new)).assertOk();
    apply("failover/01-automatic-policy.yaml");
    awaitGet("ebsvol", "replicated\\s+10Gi\\s+thick\\s+Available\\s+hci-0001\\s+hci-0002");

    // hci-0001 dies: the operator fails over by itself and freezes the pair.
    apply("failover/02-simulate-hci-0001-down.yaml");
    awaitGet(
        "failoverpolicy", "hci-pair\\s+hci-pair\\s+hci-0002@EBS\\s+Frozen\\s+true\\s+true\\s+True");
    awaitGet("ebsvol", "replicated\\s+10Gi\\s+thick\\s+Degraded\\s+hci-0002\\s+hci-0001");
    awaitGet("storagenode", "hci-0002\\s+hci-0002@EBS\\s+127.0.0.2\\s+up\\s+disabled");
    FailoverRecord record =
        system
            .client()
            .resources(FailoverPolicy.class)
            .withName("hci-pair")
            .get()
            .getStatus()
            .getLastFailover();
    assertThat(record.getTrigger()).isEqualTo(FailoverTrigger.Automatic);
    assertThat(record.getFrom()).isEqualTo("hci-0001");
    assertThat(record.getTo()).isEqualTo("hci-0002");
    assertThat(record.getVolumesMoved()).isEqualTo(1);

    // hci-0001 returns: it resyncs as secondary; roles stay swapped.
    kubectl
        .run("delete", "-f", examples.resolve("failover/02-simulate-hci-0001-down.yaml").toString())
        .assertOk();
    awaitGet("ebsvol", "replicated\\s+10Gi\\s+thick\\s+Available\\s+hci-0002\\s+hci-0001");
    kubectl
        .run(
            "patch",
            "failoverpolicy",
            "hci-pair",
            "--type",
            "merge",
            "-p",
            "{\"spec\":{\"frozen\":false}}")
        .assertOk();
    awaitGet("failoverpolicy", "hci-pair\\s+hci-pair\\s+hci-0002@EBS\\s+FailedOver\\s+false");

    // Back to hci-0001 by one spec edit, the seed's last failover-host.
    kubectl
        .run(
            "patch",
            "failoverpolicy",
            "hci-pair",
            "--type",
            "merge",
            "-p",
            "{\"spec\":{\"activeBackend\":\"hci-0001@EBS\"}}")
        .assertOk();
    awaitGet("failoverpolicy", "hci-pair\\s+hci-pair\\s+hci-0001@EBS\\s+Normal\\s+false");
    awaitGet("ebsvol", "replicated\\s+10Gi\\s+thick\\s+Available\\s+hci-0001\\s+hci-0002");
  }

  private void apply(String file) {
    kubectl.run("apply", "--validate=false", "-f", examples.resolve(file).toString()).assertOk();
  }

  private void awaitGet(String kind, String pattern) {
    String table =
        await()
            .atMost(WAIT)
            .until(
                () -> kubectl.run("get", kind).assertOk().stdout(),
                t -> java.util.regex.Pattern.compile(pattern).matcher(t).find());
    // The tables the example's README shows, as this run saw them.
    System.out.println("$ kubectl get " + kind + "\n" + table);
  }
}
