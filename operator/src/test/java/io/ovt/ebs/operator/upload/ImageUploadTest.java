package io.ovt.ebs.operator.upload;

import static io.ovt.ebs.operator.testing.TestCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.ImageFormat;
import io.ovt.ebs.crds.volume.ImageLocation;
import io.ovt.ebs.crds.volume.ImageUpload;
import io.ovt.ebs.crds.volume.ImageUploadSpec;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.daemon.image.ImageServer;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.operator.testing.TestCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ImageUploads through the custom resources, on simulated hosts, to an HTTP server on loopback: the
 * volume's data at the snapshot's point in time reaches the server with its size and checksum in
 * status, and the snapshot taken for it is removed, whether the upload succeeds or is refused.
 */
class ImageUploadTest {
  private TestCluster cluster;
  private ImageServer server;
  private SimulatedHost hci1;

  @BeforeEach
  void start() throws Exception {
    server = new ImageServer();
    cluster = TestCluster.start();
    cluster.applyPair();
    hci1 = cluster.host("hci-0001@EBS");
  }

  @AfterEach
  void stop() {
    cluster.close();
    server.close();
  }

  @Test
  void aVolumeIsUploadedWithItsChecksumAndSizeAndTheSnapshotGoes() throws Exception {
    Volume volume = writtenVolume("data");
    String url = server.url("/images/data.qcow2");
    create(upload("to-store", "data", url, ImageFormat.QCOW2));

    ImageUpload done = awaitReason("to-store", "Uploaded");
    byte[] body = server.received("/images/data.qcow2");
    assertThat(new String(body, StandardCharsets.UTF_8))
        .contains("format qcow2")
        .contains("written-by-test");
    assertThat(condition(done).getStatus()).isEqualTo("True");
    assertThat(done.getStatus().getSha256()).isEqualTo(ImageServer.sha256(body));
    assertThat(done.getStatus().getBytes()).isEqualTo(body.length);
    assertThat(done.getStatus().getProgressPercent()).isEqualTo(100.0);
    assertThat(done.getStatus().getObservedGeneration()).isEqualTo(1L);
    awaitSnapshotGone("to-store-upload", volume);
    assertThat(server.hits("/images/data.qcow2")).isEqualTo(1);
  }

  @Test
  void aDestinationRefusingThePutFailsTheUploadWithTheReasonAndTheSnapshotGoes() throws Exception {
    Volume volume = writtenVolume("data");
    String url = server.answer("/images/forbidden", 403);
    create(upload("denied", "data", url, ImageFormat.RAW));

    ImageUpload failed = awaitReason("denied", "Failed");
    assertThat(condition(failed).getStatus()).isEqualTo("False");
    assertThat(condition(failed).getMessage())
        .contains("HTTP 403")
        .contains("create another ImageUpload");
    assertThat(failed.getStatus().getSha256()).isNull();
    awaitSnapshotGone("denied-upload", volume);
  }

  @Test
  void aServerErrorIsRetriedUntilTheDestinationTakesTheImage() throws Exception {
    writtenVolume("data");
    String url = server.answer("/images/later", 503);
    create(upload("retried", "data", url, ImageFormat.RAW));
    await().atMost(Duration.ofSeconds(30)).until(() -> server.hits("/images/later") >= 2);
    assertThat(reason(get("retried"))).isEqualTo("Uploading");

    server.heal("/images/later");
    ImageUpload done = awaitReason("retried", "Uploaded");
    assertThat(done.getStatus().getSha256())
        .isEqualTo(ImageServer.sha256(server.received("/images/later")));
  }

  @Test
  void aMissingVolumeIsSaidAndTheUploadGoesOnOnceItExists() throws Exception {
    String url = server.url("/images/late.raw");
    create(upload("early", "late", url, ImageFormat.RAW));
    ImageUpload waiting = awaitReason("early", "VolumeNotFound");
    assertThat(condition(waiting).getMessage()).contains("no Volume late");
    assertThat(snapshot("early-upload")).as("no snapshot of nothing").isNull();

    cluster.volume("late", "64Mi", Provisioning.THIN);
    awaitReason("early", "Uploaded");
    assertThat(server.received("/images/late.raw")).isNotNull();
  }

  @Test
  void aGlanceDestinationIsRefusedWithWhatToGiveInstead() {
    cluster.volume("data", "64Mi", Provisioning.THIN);
    ImageUpload glance = upload("glance", "data", null, ImageFormat.RAW);
    glance.getSpec().getDestination().setGlanceImageId("0f8e2c1a-1111-4222-8333-944455556666");
    create(glance);
    ImageUpload refused = awaitReason("glance", "NotSupported");
    assertThat(condition(refused).getMessage()).contains("spec.destination.url");
    assertThat(snapshot("glance-upload")).isNull();
  }

  @Test
  void deletingAnUploadMidwayStopsItAndRemovesTheSnapshot() throws Exception {
    Volume volume = writtenVolume("data");
    // A destination answering 503 keeps the upload retrying until it is deleted.
    String url = server.answer("/images/slow", 503);
    create(upload("cancelled", "data", url, ImageFormat.RAW));
    await().atMost(Duration.ofSeconds(30)).until(() -> snapshot("cancelled-upload") != null);
    awaitReason("cancelled", "Uploading");

    cluster.client.resources(ImageUpload.class).inNamespace(NS).withName("cancelled").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> get("cancelled") == null);
    awaitSnapshotGone("cancelled-upload", volume);
  }

  private Volume writtenVolume(String name) {
    cluster.volume(name, "64Mi", Provisioning.THIN);
    Volume ready = cluster.awaitReady(name);
    hci1.write(ready.getStatus().getLocalName(), 0, 4096, "written-by-test");
    return ready;
  }

  private void awaitSnapshotGone(String name, Volume volume) {
    await().atMost(Duration.ofSeconds(30)).until(() -> snapshot(name) == null);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(hci1.lvm().report().lvs())
                    .as("only the volume's LV is left")
                    .noneMatch(lv -> volume.getStatus().getLocalName().equals(lv.origin())));
  }

  private ImageUpload awaitReason(String name, String reason) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(reason(get(name))).isEqualTo(reason));
    return get(name);
  }

  private static String reason(ImageUpload upload) {
    if (upload == null || upload.getStatus() == null) {
      return null;
    }
    return Conditions.find(upload.getStatus(), ConditionType.Ready)
        .map(Condition::getReason)
        .orElse(null);
  }

  private static Condition condition(ImageUpload upload) {
    return Conditions.find(upload.getStatus(), ConditionType.Ready).orElseThrow();
  }

  private ImageUpload get(String name) {
    return cluster.client.resources(ImageUpload.class).inNamespace(NS).withName(name).get();
  }

  private Snapshot snapshot(String name) {
    return cluster.client.resources(Snapshot.class).inNamespace(NS).withName(name).get();
  }

  private void create(ImageUpload upload) {
    cluster.client.resource(upload).create();
  }

  private static ImageUpload upload(String name, String volume, String url, ImageFormat format) {
    ImageUpload upload = new ImageUpload();
    upload.getMetadata().setName(name);
    upload.getMetadata().setNamespace(NS);
    ImageUploadSpec spec = new ImageUploadSpec();
    spec.setVolume(volume);
    ImageLocation destination = new ImageLocation();
    destination.setUrl(url);
    spec.setDestination(destination);
    spec.setFormat(format);
    upload.setSpec(spec);
    return upload;
  }
}
