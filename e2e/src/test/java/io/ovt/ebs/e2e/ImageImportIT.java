package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.ImageFormat;
import io.ovt.ebs.crds.volume.ImageSource;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeSource;
import io.ovt.ebs.crds.volume.VolumeState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A volume made from a qcow2 image on real storage: the image is made on the host with qemu-img and
 * served over HTTP by the client VM (the storage VMs cannot reach the host: their user-mode network
 * is restricted); the primary's daemon downloads, checks and converts it with the real qemu-img,
 * and real DRBD's full sync carries it to the peer, so both replicas hold the image's disk. A wrong
 * checksum leaves the volume in Error with no DRBD resource on either host.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageImportIT {
  private static final int MIB = 1 << 20;
  private static final int DISK_BYTES = 12 * MIB;

  @RegisterExtension static final VmClusterExtension VMS = new VmClusterExtension();

  private OperatorOnVms ops;
  private KubernetesClient client;
  private String diskMd5;
  private String qcow2Sha256;
  private String url;

  @BeforeAll
  void startStorageOperatorAndImageServer() throws Exception {
    Path dir = Files.createDirectories(VMS.cluster().runDir().resolve("image"));
    byte[] disk = new byte[DISK_BYTES];
    new Random(5).nextBytes(disk);
    // a run of zeros the conversion must still write over whatever the LV held
    java.util.Arrays.fill(disk, 2 * MIB, 4 * MIB, (byte) 0);
    diskMd5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(disk));
    Path raw = dir.resolve("disk.raw");
    Files.write(raw, disk);
    Path qcow2 = dir.resolve("disk.qcow2");
    run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString());
    qcow2Sha256 =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(qcow2)));

    ops = new OperatorOnVms(VMS.cluster(), null);
    client = ops.client;
    String guestPath = ops.cluster.shareIntoGuests(qcow2, "images/disk.qcow2");
    String folder = guestPath.substring(0, guestPath.lastIndexOf('/'));
    String address = Topology.clientAddressTowards(Topology.HCI_1);
    // a test's own server, in the background of the client VM (the shell is the test's)
    ops.cluster
        .vm(Topology.CLIENT)
        .execOk(
            List.of(
                "sh",
                "-c",
                "python3 -m http.server 8080 --bind "
                    + address
                    + " --directory "
                    + folder
                    + " </dev/null >/tmp/http.log 2>&1 &"),
            Duration.ofSeconds(30));
    url = "http://" + address + ":8080/disk.qcow2";
  }

  @AfterAll
  void stop() {
    if (ops != null) {
      ops.close();
    }
  }

  @Test
  void aQcow2ImageLandsOnBothReplicasAndABadChecksumLeavesTheVolumeInError() {
    client.resource(fromImage("imported", qcow2Sha256)).create();
    Volume ready = ops.awaitVolumeReady("imported");
    assertThat(ready.getStatus().getPrimaryNode())
        .as("the image is served on hci-0001's link")
        .isEqualTo(Topology.HCI_1);
    assertThat(ready.getStatus().getSourceCopied()).isTrue();
    int minor = ready.getStatus().getDrbd().getMinor();
    String lv = ready.getStatus().getLocalName();
    for (String host : Topology.STORAGE_HOSTS) {
      assertThat(OperatorOnVms.procDrbdLine(ops.cluster.vm(host), minor))
          .as(host)
          .contains("cs:Connected")
          .contains("ds:UpToDate/UpToDate");
    }
    assertThat(headMd5(Topology.HCI_1, "/dev/drbd" + minor))
        .as("the primary's device")
        .isEqualTo(diskMd5);
    assertThat(headMd5(Topology.HCI_2, "/dev/volumes/" + lv))
        .as("the peer's LV, filled by the full sync")
        .isEqualTo(diskMd5);

    client.resource(fromImage("bad-sum", "0".repeat(64))).create();
    Volume failed =
        ops.awaitUntil(
            "volume bad-sum in Error",
            () -> ops.volume("bad-sum"),
            v -> v.getStatus() != null && v.getStatus().getState() == VolumeState.Error);
    assertThat(Conditions.find(failed.getStatus(), ConditionType.Ready).orElseThrow().getReason())
        .isEqualTo("SourceRefused");
    assertThat(Conditions.find(failed.getStatus(), ConditionType.Ready).orElseThrow().getMessage())
        .contains("sha256");
    String badLv = failed.getStatus().getLocalName();
    assertThat(
            ops.cluster
                .vm(Topology.HCI_1)
                .exec(List.of("drbdsetup", "show", badLv), Duration.ofSeconds(60))
                .exitCode())
        .as("no DRBD resource for an image never imported")
        .isNotZero();
  }

  /** The md5 of the disk's bytes at the start of a device, read past the page cache. */
  private String headMd5(String host, String device) {
    // O_DIRECT: udev probed the peer's LV when it was made, and DRBD's writes go under that cache.
    String read =
        "dd if=" + device + " bs=1M count=" + DISK_BYTES / MIB + " iflag=direct status=none";
    return IscsiClient.md5(ops.cluster.vm(host), List.of("sh", "-c", read + " | md5sum"));
  }

  private Volume fromImage(String name, String sha256) {
    Volume volume = E2eResources.volume(name, "64Mi", Provisioning.THIN);
    ImageSource image = new ImageSource();
    image.setUrl(url);
    image.setFormat(ImageFormat.QCOW2);
    image.setSha256(sha256);
    volume.getSpec().setSource(new VolumeSource());
    volume.getSpec().getSource().setImage(image);
    return volume;
  }

  private static void run(String... argv) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(argv).inheritIO().start();
    assertThat(process.waitFor()).as(String.join(" ", argv)).isZero();
  }
}
