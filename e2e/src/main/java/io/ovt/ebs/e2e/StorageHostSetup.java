package io.ovt.ebs.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
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

  /** PV on /dev/vdb, VG {@value #VOLUME_GROUP}, thin pool {@value #THIN_POOL} of {@code mib}. */
  public void createVolumeGroup(int thinPoolMib) {
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
   * Starts the daemon with {@link #daemonConfig(String)}; see {@link
   * #startNodeDaemonWithConfig(String, Duration)}.
   */
  public NodeDaemonProcess startNodeDaemon(String hostType, Duration readyTimeout) {
    return startNodeDaemonWithConfig(daemonConfig(hostType), readyTimeout);
  }

  /**
   * Writes {@code configYaml} and a fresh bearer token to /etc/ebs, starts the daemon detached with
   * its output in the share (/mnt/share/HOST/node-daemon.log), and waits until GET /v1/node answers
   * through the forwarded port.
   */
  public NodeDaemonProcess startNodeDaemonWithConfig(String configYaml, Duration readyTimeout) {
    String jar = cluster.shareIntoGuests(daemonJar(), "bin/ebs-node-daemon.jar");
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String token = HexFormat.of().formatHex(random);
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
