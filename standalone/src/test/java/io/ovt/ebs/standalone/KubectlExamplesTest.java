package io.ovt.ebs.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.embedded.Kubectl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A person with real kubectl applies examples/ to the running system and reads it back. */
class KubectlExamplesTest {
  @TempDir Path home;
  private LocalSystem system;
  private Kubectl kubectl;

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
  void applyExamplesThenGetEbsShowsTheReplicatedVolume() {
    Path examples = Kubectl.repoRoot().resolve("examples");
    List<String> walkthrough = new ArrayList<>(List.of("apply", "--validate=false"));
    for (String file : Examples.WALKTHROUGH) {
      walkthrough.addAll(List.of("-f", examples.resolve(file).toString()));
    }
    String applied = kubectl.run(walkthrough.toArray(String[]::new)).assertOk().stdout();
    assertThat(applied)
        .contains("storagenode.ebs.ovt.io/hci-0001 created")
        .contains("replicationpair.ebs.ovt.io/hci-pair created")
        .contains("failoverpolicy.ebs.ovt.io/hci-pair created")
        .contains("volume.ebs.ovt.io/replicated created");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              Volume v =
                  system
                      .client()
                      .resources(Volume.class)
                      .inNamespace("default")
                      .withName("replicated")
                      .get();
              return v.getStatus() != null && Conditions.isTrue(v.getStatus(), ConditionType.Ready);
            });

    String ebs = kubectl.run("get", "ebs").assertOk().stdout();
    assertThat(ebs)
        .containsPattern(
            "storagenode.ebs.ovt.io/hci-0001\\s+hci-0001@EBS\\s+127.0.0.1\\s+up\\s+enabled")
        .containsPattern(
            // Other examples (clones, ...) add volumes to the pair: only none may be degraded.
            "replicationpair.ebs.ovt.io/hci-pair\\s+\\[\"hci-0001\",\"hci-0002\"\\]\\s+full-sync\\s+\\d+\\s+\\d+\\s+\\d+\\s+0\\s+True")
        .containsPattern("failoverpolicy.ebs.ovt.io/hci-pair\\s+hci-pair\\s+hci-0001@EBS\\s+Normal")
        .containsPattern(
            "volume.ebs.ovt.io/replicated\\s+10Gi\\s+thick\\s+Available\\s+hci-0001\\s+hci-0002\\s+1000\\s+7001\\s+enabled\\s+100");

    String volumes =
        kubectl
            .run("get", "ebsvol", "replicated", "-o", "jsonpath={.status.replicas[*].diskState}")
            .assertOk()
            .stdout();
    assertThat(volumes).isEqualTo("UpToDate UpToDate");
  }

  @Test
  void everyOtherExampleAppliesOnTopAndItsVolumesBecomeReady() {
    Path examples = Kubectl.repoRoot().resolve("examples");
    kubectl.run("apply", "--validate=false", "-f", examples.toString()).assertOk();
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              List<Volume> volumes =
                  system.client().resources(Volume.class).inNamespace("default").list().getItems();
              assertThat(volumes).isNotEmpty();
              for (Volume v : volumes) {
                if (fromImage(v)) {
                  // Its image URL is an example's: nothing serves it here, and the volume says so.
                  assertThat(v.getStatus()).as(v.getMetadata().getName()).isNotNull();
                  var ready = Conditions.find(v.getStatus(), ConditionType.Ready);
                  assertThat(ready).as(v.getMetadata().getName() + " Ready").isPresent();
                  assertThat(ready.get().getStatus()).isEqualTo("False");
                  assertThat(ready.get().getMessage())
                      .contains(v.getSpec().getSource().getImage().getUrl())
                      .contains("the last attempt failed");
                } else {
                  assertThat(
                          v.getStatus() != null
                              && Conditions.isTrue(v.getStatus(), ConditionType.Ready))
                      .as(v.getMetadata().getName() + " Ready")
                      .isTrue();
                }
              }
            });
  }

  private static boolean fromImage(Volume volume) {
    return volume.getSpec().getSource() != null && volume.getSpec().getSource().getImage() != null;
  }
}
