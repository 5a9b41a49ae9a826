package io.ovt.ebs.nodeapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeApiValidationTest {

  private static DesiredVolume volume(String name, DesiredDrbd drbd, DesiredExport... exports) {
    return new DesiredVolume(name, 1L << 30, Provisioning.THICK, drbd, List.of(exports));
  }

  private static DesiredDrbd drbd(String local, String peerHost, String peerAddress) {
    return new DesiredDrbd(
        1000,
        7001,
        DrbdProtocol.C,
        local,
        new DesiredDrbd.DrbdPeer(peerHost, peerAddress),
        Role.PRIMARY,
        102400,
        InitialSync.FULL);
  }

  @Test
  void acceptsAWellFormedReplicatedExportedVolume() {
    DesiredVolume ok =
        volume(
            "ebs-0f8e2c1a-1111-4222-8333-944455556666",
            drbd("10.0.10.21", "hci-0002", "10.0.10.22"),
            new DesiredExport(
                "iqn.2010-10.org.openstack:volume-1",
                0,
                List.of("iqn.1993-08.org.debian:01:abc"),
                List.of("10.0.251.21:3260", "10.0.252.21:3260")));
    assertThat(NodeApiValidation.problems(ok)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"vol;reboot", "$(id)", "-vol", "Vol", "a b", "../etc", "vol`x`", "vol|x", ""})
  void refusesNamesWithShellMetacharactersOrOddForms(String name) {
    assertThat(NodeApiValidation.problems(volume(name, null))).isNotEmpty();
  }

  @Test
  void refusesAddressesHostnamesAndInitiatorsThatAreNotWhatTheySay() {
    assertThat(NodeApiValidation.problems(volume("v1", drbd("10.0.0.1; id", "h", "10.0.0.2"))))
        .anyMatch(p -> p.contains("localAddress"));
    assertThat(NodeApiValidation.problems(volume("v1", drbd("10.0.0.1", "h$(x)", "10.0.0.2"))))
        .anyMatch(p -> p.contains("peer"));
    DesiredExport badInitiator =
        new DesiredExport(
            "iqn.2010-10.org.openstack:v1", 0, List.of("iqn.x;reboot"), List.of("10.0.0.1:3260"));
    assertThat(NodeApiValidation.problems(volume("v1", null, badInitiator)))
        .anyMatch(p -> p.contains("initiator"));
  }

  @Test
  void refusesNonPositiveAndHugeSizes() {
    for (long size : new long[] {0, -1, NodeApiValidation.MAX_SIZE_BYTES + 1}) {
      DesiredVolume v = new DesiredVolume("v1", size, Provisioning.THIN, null, List.of());
      assertThat(NodeApiValidation.problems(v)).as("size %d", size).isNotEmpty();
    }
  }

  private static DesiredVolume fromImage(String url, DiskImageFormat format, String sha256) {
    return new DesiredVolume(
        "v1",
        1L << 30,
        Provisioning.THIN,
        null,
        List.of(),
        DesiredSource.of(new DesiredImage(url, format, sha256)));
  }

  @Test
  void acceptsAnImageSourceWithAnHttpUrlAFormatAndAChecksum() {
    assertThat(
            NodeApiValidation.problems(
                fromImage(
                    "http://10.0.251.3:8080/images/base.qcow2?v=2",
                    DiskImageFormat.QCOW2,
                    "a".repeat(64))))
        .isEmpty();
    assertThat(
            NodeApiValidation.problems(
                fromImage("https://images.example/base.raw", DiskImageFormat.RAW, null)))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///etc/shadow",
        "ftp://host/x",
        "http://",
        "http://host/a b",
        "http://host/x\nHost: y",
        "http://user:pw@host/x",
        "-o/tmp/x",
        "gopher://host/"
      })
  void refusesImageUrlsANodeMustNotFetch(String url) {
    assertThat(NodeApiValidation.problems(fromImage(url, DiskImageFormat.RAW, null)))
        .anyMatch(p -> p.contains("source.image.url"));
  }

  @Test
  void refusesAnImageWithoutFormatOrWithABadChecksumOrWithAnLvBesides() {
    assertThat(NodeApiValidation.problems(fromImage("http://h/x", null, null)))
        .anyMatch(p -> p.contains("format"));
    assertThat(NodeApiValidation.problems(fromImage("http://h/x", DiskImageFormat.RAW, "ABC")))
        .anyMatch(p -> p.contains("sha256"));
    DesiredVolume both =
        new DesiredVolume(
            "v1",
            1L << 30,
            Provisioning.THIN,
            null,
            List.of(),
            new DesiredSource(
                "v0", 1L << 20, new DesiredImage("http://h/x", DiskImageFormat.RAW, null)));
    assertThat(NodeApiValidation.problems(both)).anyMatch(p -> p.contains("not both"));
  }

  @Test
  void anUploadNeedsNamesAUrlANodeMayPutToAndAFormat() {
    assertThat(
            NodeApiValidation.problems(
                new UploadRequest("v1", "s1", "https://h/images/v1.qcow2", DiskImageFormat.QCOW2)))
        .isEmpty();
    assertThat(NodeApiValidation.problems((UploadRequest) null)).isNotEmpty();
    assertThat(
            NodeApiValidation.problems(
                new UploadRequest("v1;rm", "../s", "file:///etc/shadow", null)))
        .anySatisfy(p -> assertThat(p).startsWith("volume"))
        .anySatisfy(p -> assertThat(p).startsWith("snapshot"))
        .anySatisfy(p -> assertThat(p).startsWith("url"))
        .anySatisfy(p -> assertThat(p).startsWith("format"));
    assertThat(
            NodeApiValidation.problems(
                new UploadRequest("v1", "v1", "http://h/x", DiskImageFormat.RAW)))
        .as("the volume itself is no snapshot")
        .anyMatch(p -> p.startsWith("snapshot"));
  }
}
