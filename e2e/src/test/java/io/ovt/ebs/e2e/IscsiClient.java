package io.ovt.ebs.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

/** The client VM's side of iSCSI: log in and out with iscsiadm, and checksums of what it reads. */
final class IscsiClient {
  private IscsiClient() {}

  /** Logs the client in to the target through the portal and returns the LUN's device. */
  static String login(Vm vm, String portal, String iqn, int lun) {
    vm.execOk(
        List.of("iscsiadm", "-m", "discovery", "-t", "sendtargets", "-p", portal),
        Duration.ofSeconds(60));
    vm.execOk(
        List.of("iscsiadm", "-m", "node", "-T", iqn, "-p", portal, "--login"),
        Duration.ofSeconds(60));
    String device = "/dev/disk/by-path/ip-" + portal + "-iscsi-" + iqn + "-lun-" + lun;
    await("device " + device)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> vm.exec(List.of("test", "-b", device)).exitCode() == 0);
    return device;
  }

  /**
   * Discovers the target and tries one login with one-way CHAP; returns iscsiadm's result
   * unchecked, so a test can assert a refusal. The credentials go into the node record first, as
   * Nova's os-brick sets them.
   */
  static ExecResult tryChapLogin(
      Vm vm, String portal, String iqn, String username, String password) {
    vm.execOk(
        List.of("iscsiadm", "-m", "discovery", "-t", "sendtargets", "-p", portal),
        Duration.ofSeconds(60));
    for (String[] setting :
        new String[][] {
          {"node.session.auth.authmethod", "CHAP"},
          {"node.session.auth.username", username},
          {"node.session.auth.password", password}
        }) {
      vm.execOk(
          List.of(
              "iscsiadm",
              "-m",
              "node",
              "-T",
              iqn,
              "-p",
              portal,
              "--op",
              "update",
              "-n",
              setting[0],
              "-v",
              setting[1]),
          Duration.ofSeconds(30));
    }
    return vm.exec(
        List.of("iscsiadm", "-m", "node", "-T", iqn, "-p", portal, "--login"),
        Duration.ofSeconds(90));
  }

  /** Waits for the LUN's block device of a logged-in session and returns its path. */
  static String awaitDevice(Vm vm, String portal, String iqn, int lun) {
    String device = "/dev/disk/by-path/ip-" + portal + "-iscsi-" + iqn + "-lun-" + lun;
    await("device " + device)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> vm.exec(List.of("test", "-b", device)).exitCode() == 0);
    return device;
  }

  static void logout(Vm vm, String portal, String iqn) {
    vm.execOk(
        List.of("iscsiadm", "-m", "node", "-T", iqn, "-p", portal, "--logout"),
        Duration.ofSeconds(60));
    vm.execOk(
        List.of("iscsiadm", "-m", "node", "-T", iqn, "-p", portal, "-o", "delete"),
        Duration.ofSeconds(60));
  }

  static String md5(Vm vm, List<String> argv) {
    return vm.execOk(argv, Duration.ofMinutes(2)).stdout().strip().split("\\s+")[0];
  }
}
