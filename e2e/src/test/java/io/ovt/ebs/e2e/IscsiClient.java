package io.ovt.ebs.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /**
   * Makes the client give up on a dead target quickly, as the failover tests need (set before
   * discovery: iscsiadm copies iscsid.conf into each node record it creates). A connection without
   * answers to its 2 s NOP-Outs is dropped after ~4 s, and I/O queued on its session fails once it
   * has not come back within {@code replacementTimeout} (open-iscsi's default is 120 s, during
   * which a write and any logout attempt just wait).
   */
  static void prepareForFailover(Vm client, Duration replacementTimeout) {
    String conf = "/etc/iscsi/iscsid.conf";
    String text = client.readString(conf);
    text = setting(text, "node.session.timeo.replacement_timeout", replacementTimeout.toSeconds());
    text = setting(text, "node.conn[0].timeo.noop_out_interval", 2);
    text = setting(text, "node.conn[0].timeo.noop_out_timeout", 2);
    client.writeString(conf, text);
  }

  /** iscsid.conf with {@code key = value}, whether the key was set, commented out or absent. */
  static String setting(String conf, String key, long value) {
    String line = key + " = " + value;
    Matcher existing =
        Pattern.compile("^#?\\s*" + Pattern.quote(key) + "\\s*=.*$", Pattern.MULTILINE)
            .matcher(conf);
    return existing.find()
        ? existing.replaceAll(Matcher.quoteReplacement(line))
        : conf + "\n" + line + "\n";
  }

  /** A node record's setting as iscsiadm shows it, e.g. node.session.timeo.replacement_timeout. */
  static String nodeSetting(Vm vm, String portal, String iqn, String key) {
    return vm.execOk(
            List.of("iscsiadm", "-m", "node", "-T", iqn, "-p", portal), Duration.ofSeconds(30))
        .stdout()
        .lines()
        .filter(l -> l.startsWith(key + " = "))
        .map(l -> l.substring(key.length() + 3).strip())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + key + " in the node record of " + portal));
  }

  /** Whether the client has a session with the target through the portal (ip:port). */
  static boolean hasSession(Vm vm, String portal, String iqn) {
    ExecResult sessions = vm.exec(List.of("iscsiadm", "-m", "session"), Duration.ofSeconds(30));
    // exit 21: no sessions at all
    return sessions
        .stdout()
        .lines()
        .anyMatch(l -> l.contains(" " + portal + ",") && l.contains(iqn));
  }

  /**
   * Logs out of a session whose target may be dead and deletes its node record, without hanging:
   * iscsiadm refuses while the session is reconnecting, so it is asked again until the session is
   * gone. Returns how long that took.
   */
  static Duration logoutDeadPortal(Vm vm, String portal, String iqn, Duration timeout) {
    Instant start = Instant.now();
    Instant deadline = start.plus(timeout);
    List<String> logout = List.of("iscsiadm", "-m", "node", "-T", iqn, "-p", portal, "--logout");
    ExecResult last = null;
    while (hasSession(vm, portal, iqn)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "still logged in to "
                + portal
                + " after "
                + timeout
                + (last == null ? "" : "\n" + last.describe()));
      }
      last = vm.exec(logout, Duration.between(Instant.now(), deadline).plusSeconds(1));
      if (!last.ok()) {
        Vm.pause(500);
      }
    }
    vm.exec(
        List.of("iscsiadm", "-m", "node", "-T", iqn, "-p", portal, "-o", "delete"),
        Duration.ofSeconds(30));
    return Duration.between(start, Instant.now());
  }

  /**
   * Waits until one 4 KiB O_DIRECT read of {@code device} succeeds (the LUN really answers, not
   * just its device node appearing) and returns how long that took.
   */
  static Duration awaitFirstRead(Vm vm, String device, Duration timeout) {
    Instant start = Instant.now();
    List<String> read =
        List.of("dd", "if=" + device, "of=/dev/null", "bs=4096", "count=1", "iflag=direct");
    await("a read of " + device)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> vm.exec(read, Duration.ofSeconds(30)).ok());
    return Duration.between(start, Instant.now());
  }

  static String md5(Vm vm, List<String> argv) {
    return vm.execOk(argv, Duration.ofMinutes(2)).stdout().strip().split("\\s+")[0];
  }
}
