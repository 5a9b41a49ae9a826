package io.ovt.ebs.daemon.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.nodeapi.DrbdProtocol;
import org.junit.jupiter.api.Test;

/** The rendered files say what the volume needs; drbdadm itself checks them in the VM tests. */
class DrbdConfigRendererTest {
  private static final DrbdResourceConfig CONFIG =
      new DrbdResourceConfig(
          "ebs-1",
          1000,
          7001,
          DrbdProtocol.A,
          new DrbdResourceConfig.Endpoint("hci-0002", "10.0.10.22", "/dev/volumes/ebs-1"),
          new DrbdResourceConfig.Endpoint("hci-0001", "10.0.10.21", null),
          102400);

  @Test
  void drbd84HasBothHostsOneDeviceAndFastPeerLossDetection() {
    String file = DrbdConfigRenderer.render(CONFIG, DrbdFlavor.V84);
    assertThat(file)
        .contains("resource ebs-1 {")
        .contains("device /dev/drbd1000 minor 1000;")
        .contains("disk /dev/volumes/ebs-1;")
        .contains("meta-disk internal;")
        .contains("protocol A;")
        .contains("on hci-0002 {\n    address ipv4 10.0.10.22:7001;")
        .contains("on hci-0001 {\n    address ipv4 10.0.10.21:7001;")
        .contains("resync-rate 102400K;")
        .contains("ping-int 2;\n    ping-timeout 5;\n    timeout 15;\n    connect-int 2;")
        .contains("after-sb-0pri disconnect;")
        .contains("after-sb-1pri disconnect;")
        .contains("after-sb-2pri disconnect;")
        .doesNotContain("node-id");
  }

  @Test
  void peerLossIsNoticedWithinTwoAndAHalfSecondsWithTimingsDrbdAccepts() {
    // drbd.conf(5) of 8.4: timeout (tenths) must be lower than connect-int and ping-int (seconds).
    assertThat(DrbdConfigRenderer.TIMEOUT_TENTHS)
        .isLessThan(10 * DrbdConfigRenderer.PING_INT_SECONDS)
        .isLessThan(10 * DrbdConfigRenderer.CONNECT_INT_SECONDS)
        .isBetween(1, 600);
    assertThat(DrbdConfigRenderer.PING_TIMEOUT_TENTHS).isBetween(1, 300);
    assertThat(DrbdConfigRenderer.PING_INT_SECONDS).isBetween(1, 120);
    assertThat(DrbdConfigRenderer.CONNECT_INT_SECONDS).isBetween(1, 120);
    // An idle link to a dead peer: the next ping after ping-int, then ping-timeout for its answer.
    assertThat(
            DrbdConfigRenderer.PING_INT_SECONDS * 1000
                + DrbdConfigRenderer.PING_TIMEOUT_TENTHS * 100)
        .isLessThanOrEqualTo(2500);
    assertThat(DrbdConfigRenderer.render(CONFIG, DrbdFlavor.V9))
        .contains("ping-int 2;\n    ping-timeout 5;\n    timeout 15;\n    connect-int 2;");
  }

  @Test
  void drbd9GivesBothHostsTheSameNodeIdsFromEitherSide() {
    DrbdResourceConfig mirrored =
        new DrbdResourceConfig(
            "ebs-1",
            1000,
            7001,
            DrbdProtocol.C,
            new DrbdResourceConfig.Endpoint("hci-0001", "10.0.10.21", "/dev/volumes/ebs-1"),
            new DrbdResourceConfig.Endpoint("hci-0002", "10.0.10.22", null),
            102400);
    String fromB = DrbdConfigRenderer.render(CONFIG, DrbdFlavor.V9);
    String fromA = DrbdConfigRenderer.render(mirrored, DrbdFlavor.V9);
    assertThat(fromB)
        .contains("on hci-0001 {\n    node-id 0;")
        .contains("on hci-0002 {\n    node-id 1;");
    assertThat(fromA)
        .contains("on hci-0001 {\n    node-id 0;")
        .contains("on hci-0002 {\n    node-id 1;");
    assertThat(fromB)
        .contains("connection-mesh {\n    hosts hci-0001 hci-0002;")
        .contains("device minor 1000;");
  }
}
