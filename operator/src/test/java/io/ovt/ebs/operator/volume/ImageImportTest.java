package io.ovt.ebs.operator.volume;

import static io.ovt.ebs.operator.testing.TestCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.ImageFormat;
import io.ovt.ebs.crds.volume.ImageSource;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeSource;
import io.ovt.ebs.crds.volume.VolumeSpec;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.daemon.image.ImageServer;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Volumes made from a disk image ({@code spec.source.image}) through the custom resources, on
 * simulated hosts, the image served over HTTP on loopback: the image lands on both replicas; a bad
 * one leaves the volume in Error with the reason, never Ready.
 */
class ImageImportTest {
  private TestCluster cluster;
  private ImageServer server;
  private SimulatedHost hci1;
  private SimulatedHost hci2;
  private final byte[] image = new byte[2 << 20];

  @BeforeEach
  void start() throws Exception {
    new Random(11).nextBytes(image);
    server = new ImageServer();
    cluster = TestCluster.start();
    cluster.applyPair();
    hci1 = cluster.host("hci-0001@EBS");
    hci2 = cluster.host("hci-0002@EBS");
  }

  @AfterEach
  void stop() {
    cluster.close();
    server.close();
  }

  @Test
  void aRawImageIsImportedOnThePrimaryAndReplicatedToItsPeer() {
    String url = server.serve("/images/base.raw", image);
    create(fromImage("from-image", url, ImageServer.sha256(image), null));

    Volume ready = cluster.awaitReady("from-image");
    String lv = ready.getStatus().getLocalName();
    assertThat(ready.getStatus().getSourceCopied()).isTrue();
    assertThat(condition(ready, ConditionType.Initializing).getReason()).isEqualTo("SourceCopied");
    String token = "image:" + ImageServer.sha256(image);
    assertThat(hci1.read(lv)).containsExactly(token);
    assertThat(hci2.read(lv)).as("the full sync carried the image").containsExactly(token);
    assertThat(server.hits("/images/base.raw")).isEqualTo(1);
  }

  @Test
  void aWrongChecksumLeavesTheVolumeInErrorWithTheReasonAndItCanBeDeleted() throws Exception {
    String url = server.serve("/images/base.raw", image);
    create(fromImage("bad-sum", url, ImageServer.sha256(new byte[] {0}), null));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster.get("bad-sum").getStatus() != null
                    && cluster.get("bad-sum").getStatus().getState() == VolumeState.Error);
    Volume failed = cluster.get("bad-sum");
    Condition ready = condition(failed, ConditionType.Ready);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("SourceRefused");
    assertThat(ready.getMessage()).contains("sha256").contains("delete it");
    String lv = failed.getStatus().getLocalName();
    assertThat(hci1.read(lv)).as("nothing written").isEmpty();
    assertThat(hci2.read(lv)).as("no data reached the peer").isEmpty();

    cluster.client.resources(Volume.class).inNamespace(NS).withName("bad-sum").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.get("bad-sum") == null);
    assertThat(hci1.lvm().report().lv(lv)).isEmpty();
  }

  @Test
  void aGlanceImageIdIsRefusedWithWhatToGiveInstead() {
    create(fromImage("glance", null, null, "0f8e2c1a-1111-4222-8333-944455556666"));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(condition(cluster.get("glance"), ConditionType.Ready).getReason())
                    .isEqualTo("SourceNotSupported"));
    assertThat(condition(cluster.get("glance"), ConditionType.Ready).getMessage())
        .contains("spec.source.image.url");
  }

  private static Condition condition(Volume volume, ConditionType type) {
    return Conditions.find(volume.getStatus(), type).orElseThrow();
  }

  private void create(Volume volume) {
    cluster.client.resource(volume).create();
  }

  private static Volume fromImage(String name, String url, String sha256, String glanceId) {
    Volume volume = new Volume();
    volume.getMetadata().setName(name);
    volume.getMetadata().setNamespace(NS);
    VolumeSpec spec = new VolumeSpec();
    spec.setSize("64Mi");
    spec.setProvisioning(Provisioning.THIN);
    ImageSource source = new ImageSource();
    source.setUrl(url);
    source.setGlanceImageId(glanceId);
    source.setFormat(ImageFormat.RAW);
    source.setSha256(sha256);
    spec.setSource(new VolumeSource());
    spec.getSource().setImage(source);
    volume.setSpec(spec);
    return volume;
  }
}
