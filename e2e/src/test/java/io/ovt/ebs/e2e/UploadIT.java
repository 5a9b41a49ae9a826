package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.ImageFormat;
import io.ovt.ebs.crds.volume.ImageLocation;
import io.ovt.ebs.crds.volume.ImageUpload;
import io.ovt.ebs.crds.volume.ImageUploadSpec;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A written replicated volume uploaded from real storage: the primary's daemon converts the
 * snapshot taken for the upload with the real qemu-img and PUTs it to a small PUT server in the
 * client VM (the storage VMs cannot reach the host). The checksum in status is the stored file's, a
 * raw image is exactly the volume's data, and the snapshot is gone afterwards; a destination
 * answering 403 fails the upload with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadIT {
  private static final String STORE = "/tmp/uploads";

  /** The test's PUT server: keeps each body under its last path segment; "forbidden*" gets 403. */
  private static final String PUT_SERVER =
      """
      import http.server, os, sys
      addr, port, root = sys.argv[1], int(sys.argv[2]), sys.argv[3]
      class Put(http.server.BaseHTTPRequestHandler):
          def do_PUT(self):
              name = os.path.basename(self.path)
              left = int(self.headers['Content-Length'])
              part = os.path.join(root, name + '.part')
              with open(part, 'wb') as f:
                  while left > 0:
                      chunk = self.rfile.read(min(left, 1 << 20))
                      if not chunk:
                          break
                      f.write(chunk)
                      left -= len(chunk)
              # the body is read before any answer, as a server would that checks it
              if left or name.startswith('forbidden'):
                  os.remove(part)
                  self.send_response(400 if left else 403)
                  self.end_headers()
                  return
              os.rename(part, os.path.join(root, name))
              self.send_response(201)
              self.end_headers()
      os.makedirs(root, exist_ok=True)
      http.server.ThreadingHTTPServer((addr, port), Put).serve_forever()
      """;

  @RegisterExtension static final VmClusterExtension VMS = new VmClusterExtension();

  private OperatorOnVms ops;
  private KubernetesClient client;
  private String base;

  @BeforeAll
  void startStorageOperatorAndPutServer() throws Exception {
    ops = new OperatorOnVms(VMS.cluster(), null);
    client = ops.client;
    Path script = VMS.cluster().runDir().resolve("put-server.py");
    Files.writeString(script, PUT_SERVER);
    String guestScript = ops.cluster.shareIntoGuests(script, "upload/put-server.py");
    String address = Topology.clientAddressTowards(Topology.HCI_1);
    // a test's own server, in the background of the client VM (the shell is the test's)
    ops.cluster
        .vm(Topology.CLIENT)
        .execOk(
            List.of(
                "sh",
                "-c",
                "python3 "
                    + guestScript
                    + " "
                    + address
                    + " 8081 "
                    + STORE
                    + " </dev/null >/tmp/put.log 2>&1 &"),
            Duration.ofSeconds(30));
    base = "http://" + address + ":8081/";
  }

  @AfterAll
  void stop() {
    if (ops != null) {
      ops.close();
    }
  }

  @Test
  void aWrittenVolumeIsUploadedAsRawAndQcow2WithTheStoredFilesChecksums() {
    client.resource(E2eResources.volume("data", "64Mi", Provisioning.THIN)).create();
    Volume ready = ops.awaitVolumeReady("data");
    assertThat(ready.getStatus().getPrimaryNode())
        .as("the PUT server listens on hci-0001's link")
        .isEqualTo(Topology.HCI_1);
    String device = "/dev/drbd" + ready.getStatus().getDrbd().getMinor();
    Vm primary = ops.cluster.vm(Topology.HCI_1);
    primary.execOk(
        List.of("dd", "if=/dev/urandom", "of=" + device, "bs=1M", "count=8", "oflag=direct"),
        Duration.ofMinutes(2));
    String volumeMd5 =
        IscsiClient.md5(
            primary,
            List.of("sh", "-c", "dd if=" + device + " bs=1M iflag=direct status=none | md5sum"));

    ImageUpload raw = awaitUploaded(create("raw", base + "data.raw", ImageFormat.RAW));
    Vm store = ops.cluster.vm(Topology.CLIENT);
    assertThat(raw.getStatus().getSha256())
        .isEqualTo(IscsiClient.md5(store, List.of("sha256sum", STORE + "/data.raw")));
    assertThat(IscsiClient.md5(store, List.of("md5sum", STORE + "/data.raw")))
        .as("the raw image is the volume's data, DRBD's metadata left out")
        .isEqualTo(volumeMd5);
    assertThat(raw.getStatus().getBytes())
        .isEqualTo(
            Long.parseLong(
                store
                    .execOk(
                        List.of("stat", "-c", "%s", STORE + "/data.raw"), Duration.ofSeconds(30))
                    .stdout()
                    .strip()));

    ImageUpload qcow2 = awaitUploaded(create("qcow2", base + "data.qcow2", ImageFormat.QCOW2));
    assertThat(qcow2.getStatus().getSha256())
        .isEqualTo(IscsiClient.md5(store, List.of("sha256sum", STORE + "/data.qcow2")));
    assertThat(
            store
                .execOk(List.of("head", "-c", "3", STORE + "/data.qcow2"), Duration.ofSeconds(30))
                .stdout())
        .isEqualTo("QFI");
    for (String name : List.of("raw-upload", "qcow2-upload")) {
      ops.awaitUntil(
          "snapshot " + name + " removed",
          () ->
              client.resources(Snapshot.class).inNamespace(E2eResources.NS).withName(name).get()
                  == null,
          gone -> gone);
    }
    assertThat(
            primary
                .execOk(
                    List.of("lvs", "--noheadings", "-o", "origin", "volumes"),
                    Duration.ofSeconds(60))
                .stdout())
        .as("no snapshot LV left of the volume")
        .doesNotContain(ready.getStatus().getLocalName());

    create("denied", base + "forbidden.raw", ImageFormat.RAW);
    ImageUpload refused =
        ops.awaitUntil(
            "upload denied failed", () -> get("denied"), u -> "Failed".equals(reason(u)));
    assertThat(Conditions.find(refused.getStatus(), ConditionType.Ready).orElseThrow().getMessage())
        .contains("HTTP 403");
  }

  private String create(String name, String url, ImageFormat format) {
    ImageUpload upload = new ImageUpload();
    upload.getMetadata().setName(name);
    upload.getMetadata().setNamespace(E2eResources.NS);
    ImageUploadSpec spec = new ImageUploadSpec();
    spec.setVolume("data");
    ImageLocation destination = new ImageLocation();
    destination.setUrl(url);
    spec.setDestination(destination);
    spec.setFormat(format);
    upload.setSpec(spec);
    client.resource(upload).create();
    return name;
  }

  private ImageUpload awaitUploaded(String name) {
    return ops.awaitUntil(
        "upload " + name + " done", () -> get(name), u -> "Uploaded".equals(reason(u)));
  }

  private ImageUpload get(String name) {
    return client.resources(ImageUpload.class).inNamespace(E2eResources.NS).withName(name).get();
  }

  private static String reason(ImageUpload upload) {
    if (upload == null || upload.getStatus() == null) {
      return null;
    }
    return Conditions.find(upload.getStatus(), ConditionType.Ready)
        .map(c -> c.getReason())
        .orElse(null);
  }
}
