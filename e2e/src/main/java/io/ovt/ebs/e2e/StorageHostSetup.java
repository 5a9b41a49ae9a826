package io.ovt.ebs.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Prepares a storage host VM as an install would: the volume group {@value #VOLUME_GROUP} on the
 * scratch disk with the thin pool {@value #THIN_POOL}, and the node daemon started from the jar the
 * Maven build made, shared into the guest.
 */
public final class StorageHostSetup {
  /** The volume group on /dev/vdb. */
  public static final String VOLUME_GROUP = "volumes";

  /** The thin pool in it. */
  public static final String THIN_POOL = "pool";

  /** System property naming the daemon's executable jar; the Maven build sets it. */
  public static final String DAEMON_JAR_PROPERTY = "ebs.daemonJar";

  private static final String CONFIG_DIR = "/etc/ebs";
  private static final String PID_FILE = "/run/ebs-node-daemon.pid";
  private static final String TGT_HELPER = "targetHelper: tgtadm";

  private final VmCluster cluster;
  private final Vm vm;

  /** Setup of storage host {@code host} of {@code cluster}. */
  public StorageHostSetup(VmCluster cluster, String host) {
    this.cluster = cluster;
    this.vm = cluster.vm(host);
    Topology.replicationAddress(host); // refuses the client early
  }

  /** The VM being set up. */
  public Vm vm() {
    return vm;
  }

  /** The storage host's LVM filter: the volume group's disk only. */
  static final String LVM_FILTER =
      "devices {\n  global_filter = [ \"a|^/dev/vdb$|\", \"r|.*|\" ]\n}\n";

  /** PV on /dev/vdb, VG {@value #VOLUME_GROUP}, thin pool {@value #THIN_POOL} of {@code mib}. */
  public void createVolumeGroup(int thinPoolMib) {
    // As the install guide asks of a storage host: LVM looks only at the PV's disk, never into
    // DRBD devices or the LVs themselves (a guest's own PV inside a volume, scans of busy devices).
    vm.writeString("/etc/lvm/lvmlocal.conf", LVM_FILTER);
    String seen = vm.execOk("lvmconfig", "devices/global_filter").stdout();
    if (!seen.contains("/dev/vdb")) {
      throw new VmException(vm.name() + ": LVM did not take the filter: " + seen);
    }
    vm.execOk("pvcreate", "/dev/vdb");
    vm.execOk("vgcreate", VOLUME_GROUP, "/dev/vdb");
    vm.execOk(
        "lvcreate", "--type", "thin-pool", "-L", thinPoolMib + "m", "-n", THIN_POOL, VOLUME_GROUP);
  }

  /**
   * The daemon's configuration for this host, as node-daemon/config/node-daemon.example.yaml.
   *
   * @param hostType {@code simulated} or {@code real}
   */
  public String daemonConfig(String hostType) {
    String host = vm.name();
    return String.join(
        "\n",
        "backendId: " + host + "@EBS",
        "listenAddress: 0.0.0.0",
        "port: " + Topology.DAEMON_PORT,
        "tokenFile: " + CONFIG_DIR + "/node-token",
        "host:",
        "  type: " + hostType,
        "  hostname: " + host,
        "  volumeGroup: " + VOLUME_GROUP,
        "  thinPool: " + THIN_POOL,
        "  replicationAddress: " + Topology.replicationAddress(host),
        "  simulated:",
        "    volumeGroupSize: 1Gi",
        "    thinPoolSize: 400Mi",
        "");
  }

  /**
   * The daemon's configuration for this host using tgt instead of LIO as its target; {@link #serve}
   * starts tgtd for it.
   */
  public String daemonConfigWithTgt(String hostType) {
    return daemonConfig(hostType)
        .replace("  type: " + hostType + "\n", "  type: " + hostType + "\n  " + TGT_HELPER + "\n");
  }

  /** A fresh bearer token for a daemon. */
  public static String newToken() {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /**
   * Starts the daemon with {@link #daemonConfig(String)}; see {@link
   * #startNodeDaemonWithConfig(String, Duration)}.
   */
  public NodeDaemonProcess startNodeDaemon(String hostType, Duration readyTimeout) {
    return startNodeDaemonWithConfig(daemonConfig(hostType), readyTimeout);
  }

  /**
   * Writes {@code configYaml} and a fresh bearer token to /etc/ebs, starts the daemon detached with
   * its output in the share (/mnt/share/HOST/node-daemon.log), and waits until GET /v1/node answers
   * through the forwarded port. Nothing else is prepared: see {@link #serve} for a real host.
   */
  public NodeDaemonProcess startNodeDaemonWithConfig(String configYaml, Duration readyTimeout) {
    return launchDaemon(configYaml, newToken(), readyTimeout);
  }

  /**
   * Brings a real storage host to serving, at first boot (after {@link #createVolumeGroup}) and
   * after a {@link VmCluster#restart restart} alike: the drbd module loaded, the volume group
   * activated, tgtd running when the configuration names tgtadm, then the daemon started with
   * {@code configYaml} and {@code token} and answering. DRBD resources and exports are not touched:
   * the daemon sets them up again on the operator's next PUT (its /etc/drbd.d files are on the root
   * disk, which a restart keeps).
   */
  public NodeDaemonProcess serve(String configYaml, String token, Duration readyTimeout) {
    vm.execOk("modprobe", "drbd");
    // no systemd in the guest, so lvm's udev rules never auto-activate the VG after a boot
    vm.execOk(List.of("vgchange", "-ay", VOLUME_GROUP), Duration.ofSeconds(60));
    if (configYaml.contains(TGT_HELPER)) {
      startTgtd();
    }
    return launchDaemon(configYaml, token, readyTimeout);
  }

  /**
   * After a {@link VmCluster#restart restart}: {@link #serve} with the configuration and token the
   * daemon had before, so whoever holds its token (the operator) reaches it again unchanged.
   */
  public NodeDaemonProcess resume(NodeDaemonProcess before, Duration readyTimeout) {
    return serve(before.config(), before.token(), readyTimeout);
  }

  private void startTgtd() {
    vm.execOk(
        List.of(
            "start-stop-daemon", "--start", "--background", "--exec", "/usr/sbin/tgtd", "--", "-f"),
        Duration.ofSeconds(30));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    List<String> show = List.of("tgtadm", "--lld", "iscsi", "--mode", "target", "--op", "show");
    while (!vm.exec(show).ok()) {
      if (Instant.now().isAfter(deadline)) {
        throw new VmException(vm.name() + ": tgtd does not answer tgtadm after 60 s");
      }
      Vm.pause(500);
    }
  }

  private NodeDaemonProcess launchDaemon(String configYaml, String token, Duration readyTimeout) {
    String jar = cluster.shareIntoGuests(daemonJar(), "bin/ebs-node-daemon.jar");
    vm.execOk("mkdir", "-p", CONFIG_DIR);
    vm.writeString(CONFIG_DIR + "/node-token", token + "\n");
    vm.execOk("chmod", "600", CONFIG_DIR + "/node-token");
    vm.writeString(CONFIG_DIR + "/node-daemon.yaml", configYaml);
    String log = VmCluster.GUEST_SHARE + "/" + vm.name() + "/node-daemon.log";
    // start-stop-daemon detaches (setsid, stdin /dev/null, output to the log) without a shell,
    // so nothing keeps qemu-ga's output pipes open and the start command returns at once.
    vm.execOk(
        List.of(
            "start-stop-daemon",
            "--start",
            "--background",
            "--make-pidfile",
            "--pidfile",
            PID_FILE,
            "--output",
            log,
            "--chdir",
            "/",
            "--startas",
            "/usr/bin/java",
            "--",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xmx160m",
            "-jar",
            jar,
            "--config",
            CONFIG_DIR + "/node-daemon.yaml"),
        Duration.ofSeconds(30));
    NodeDaemonProcess daemon =
        new NodeDaemonProcess(
            vm,
            cluster.daemonPort(vm.name()),
            configYaml,
            token,
            cluster.shareDir().resolve(vm.name()).resolve("node-daemon.log"),
            PID_FILE);
    daemon.awaitReady(readyTimeout);
    return daemon;
  }

  /** The jar named by {@value #DAEMON_JAR_PROPERTY}, or an exception saying how to build it. */
  public static Path daemonJar() {
    String configured = System.getProperty(DAEMON_JAR_PROPERTY);
    Path jar =
        configured != null
            ? Path.of(configured)
            : Path.of("../node-daemon/target/ebs-node-daemon-0.1.0-SNAPSHOT-exec.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "node daemon jar missing at "
              + jar.toAbsolutePath()
              + ": run mvn -pl node-daemon package");
    }
    return jar;
  }
}
