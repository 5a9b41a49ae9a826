package io.ovt.ebs.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Three VMs booted together: storage hosts {@value Topology#HCI_1} and {@value Topology#HCI_2}
 * (each with a scratch disk /dev/vdb and its node daemon port forwarded to host loopback) and the
 * iSCSI {@value Topology#CLIENT}. Links: replication between the storage hosts, and one iSCSI link
 * from each storage host to the client (addresses in {@link Topology}). Every VM mounts the run's
 * share folder at {@value #GUEST_SHARE}. A VM can be killed and {@link #restart restarted} on its
 * own disks. Closing kills QEMU and deletes the disks; logs stay in {@link #runDir()}.
 */
public final class VmCluster implements AutoCloseable {
  /** Where the share folder is mounted in every guest. */
  public static final String GUEST_SHARE = "/mnt/share";

  private final Path runDir;
  private final Path share;
  private final Path socketDir;
  private final Duration bootTimeout;
  private final Map<String, Vm> vms = new LinkedHashMap<>();
  private final Map<String, Integer> daemonPorts = new LinkedHashMap<>();
  private final List<Path> shared = new ArrayList<>();
  private Duration bootTime;

  /**
   * How to boot the cluster.
   *
   * @param images the image to boot
   * @param runsDir folder that receives one folder per run (logs, share, disks while running)
   * @param memoryMib RAM of each VM
   * @param scratchDiskBytes size of each storage host's /dev/vdb
   * @param bootTimeout how long all three may take to answer
   */
  public record Options(
      VmImages images, Path runsDir, int memoryMib, long scratchDiskBytes, Duration bootTimeout) {

    /** The Maven build's images and run folder, 512 MiB RAM, 1 GiB disks, 5 minutes to boot. */
    public static Options defaults() {
      String runs = System.getProperty("ebs.e2e.runs", "target/vm-runs");
      return new Options(VmImages.locate(), Path.of(runs), 512, 1L << 30, Duration.ofMinutes(5));
    }

    /** These options with another scratch disk size. */
    public Options withScratchDiskBytes(long bytes) {
      return new Options(images, runsDir, memoryMib, bytes, bootTimeout);
    }

    /** These options with another guest RAM size. */
    public Options withMemoryMib(int mib) {
      return new Options(images, runsDir, mib, scratchDiskBytes, bootTimeout);
    }
  }

  private VmCluster(Path runDir, Path share, Path socketDir, Duration bootTimeout) {
    this.runDir = runDir;
    this.share = share;
    this.socketDir = socketDir;
    this.bootTimeout = bootTimeout;
  }

  /** Boots the cluster with {@link Options#defaults()} and waits until every VM answers. */
  public static VmCluster start() {
    return start(Options.defaults());
  }

  /** Boots the cluster and waits until every VM answers. */
  public static VmCluster start(Options options) {
    VmImages images = options.images();
    Path runDir = newRunDir(options.runsDir());
    VmCluster cluster;
    try {
      Path share = Files.createDirectories(runDir.resolve("share"));
      // unix socket paths are limited to 107 bytes: keep them out of deep build folders
      Path socketDir = Files.createTempDirectory(Path.of("/tmp"), "ebs-vm-");
      cluster = new VmCluster(runDir, share, socketDir, options.bootTimeout());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the run folder " + runDir, e);
    }
    try {
      Instant start = Instant.now();
      for (VmSpec spec : cluster.specs(options)) {
        Vm vm =
            Vm.launch(
                spec,
                images,
                runDir.resolve(spec.name()),
                cluster.share,
                cluster.socketDir.resolve(spec.name() + ".qga"));
        cluster.vms.put(spec.name(), vm);
      }
      Instant deadline = start.plus(options.bootTimeout());
      for (Vm vm : cluster.vms.values()) {
        vm.awaitReady(deadline);
      }
      cluster.bootTime = Duration.between(start, Instant.now());
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private List<VmSpec> specs(Options options) {
    // six UDP ports (two ends of three links) and one forwarded TCP port per storage host
    List<Integer> ports = PortAllocator.loopbackPorts(6, 2);
    int repl1 = ports.get(0);
    int repl2 = ports.get(1);
    int iscsi1Host = ports.get(2);
    int iscsi1Client = ports.get(3);
    int iscsi2Host = ports.get(4);
    int iscsi2Client = ports.get(5);
    daemonPorts.put(Topology.HCI_1, ports.get(6));
    daemonPorts.put(Topology.HCI_2, ports.get(7));
    String m = Topology.MANAGEMENT_ADDRESS + "/24";
    VmSpec hci1 =
        storageHost(
            Topology.HCI_1,
            options,
            List.of(
                new Nic.UserNet(
                    Topology.MANAGEMENT_NIC, mac(1, 1), m, ports.get(6), Topology.DAEMON_PORT),
                new Nic.UdpLink(
                    Topology.REPLICATION_NIC, mac(1, 2), replication(Topology.HCI_1), repl1, repl2),
                new Nic.UdpLink(
                    Topology.PORTAL_NIC,
                    mac(1, 3),
                    portal(Topology.HCI_1),
                    iscsi1Host,
                    iscsi1Client)));
    VmSpec hci2 =
        storageHost(
            Topology.HCI_2,
            options,
            List.of(
                new Nic.UserNet(
                    Topology.MANAGEMENT_NIC, mac(2, 1), m, ports.get(7), Topology.DAEMON_PORT),
                new Nic.UdpLink(
                    Topology.REPLICATION_NIC, mac(2, 2), replication(Topology.HCI_2), repl2, repl1),
                new Nic.UdpLink(
                    Topology.PORTAL_NIC,
                    mac(2, 3),
                    portal(Topology.HCI_2),
                    iscsi2Host,
                    iscsi2Client)));
    VmSpec client =
        new VmSpec(
            Topology.CLIENT,
            options.memoryMib(),
            0,
            List.of(
                new Nic.UdpLink(
                    Topology.clientNicTowards(Topology.HCI_1),
                    mac(3, 1),
                    Topology.clientAddressTowards(Topology.HCI_1) + "/24",
                    iscsi1Client,
                    iscsi1Host),
                new Nic.UdpLink(
                    Topology.clientNicTowards(Topology.HCI_2),
                    mac(3, 2),
                    Topology.clientAddressTowards(Topology.HCI_2) + "/24",
                    iscsi2Client,
                    iscsi2Host)),
            Topology.CLIENT_IQN,
            true,
            VmSpec.CLIENT_MODULES);
    return List.of(hci1, hci2, client);
  }

  private static VmSpec storageHost(String name, Options options, List<Nic> nics) {
    return new VmSpec(
        name,
        options.memoryMib(),
        options.scratchDiskBytes(),
        nics,
        null,
        false,
        VmSpec.STORAGE_MODULES);
  }

  private static String replication(String host) {
    return Topology.replicationAddress(host) + "/24";
  }

  private static String portal(String host) {
    return Topology.portalAddress(host) + "/24";
  }

  private static String mac(int vm, int nic) {
    return String.format("52:54:00:e2:%02x:%02x", vm, nic);
  }

  private static Path newRunDir(Path runsDir) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    return runsDir.toAbsolutePath().normalize().resolve(stamp + "-" + suffix);
  }

  /** The VM called {@code name} ({@link Topology#HCI_1}, {@link Topology#HCI_2}, ...). */
  public Vm vm(String name) {
    Vm vm = vms.get(name);
    if (vm == null) {
      throw new IllegalArgumentException("no VM " + name + " (have " + vms.keySet() + ")");
    }
    return vm;
  }

  /** All VMs, storage hosts first. */
  public List<Vm> vms() {
    return List.copyOf(vms.values());
  }

  /**
   * The host loopback port forwarded to the node daemon's port 7000 in storage host {@code host}.
   */
  public int daemonPort(String host) {
    Integer port = daemonPorts.get(host);
    if (port == null) {
      throw new IllegalArgumentException(host + " is not a storage host");
    }
    return port;
  }

  /**
   * Power-cycles VM {@code name} on its own disks (SIGKILL first if it still runs) and waits, up to
   * the boot timeout, until its agent answers; returns the same {@link Vm}, running again. The
   * guest boots afresh: for a storage host, {@link StorageHostSetup#resume} brings it back to
   * serving.
   */
  public Vm restart(String name) {
    Vm vm = vm(name);
    vm.restart(Instant.now().plus(bootTimeout));
    return vm;
  }

  /** From starting the first QEMU to the last VM answering. */
  public Duration bootTime() {
    return bootTime;
  }

  /** This run's folder: one folder per VM with its console and QEMU logs, and the share. */
  public Path runDir() {
    return runDir;
  }

  /** The host side of {@value #GUEST_SHARE}. */
  public Path shareDir() {
    return share;
  }

  /**
   * Makes a host file readable in every guest (a copy, because 9p cannot follow links out of the
   * share) and returns its guest path. A name already shared is not copied again, so a guest
   * process running from it is never disturbed.
   */
  public synchronized String shareIntoGuests(Path hostFile, String name) {
    Path target = share.resolve(name).normalize();
    if (!target.startsWith(share)) {
      throw new IllegalArgumentException("name leaves the share: " + name);
    }
    try {
      if (!Files.exists(target)) {
        Files.createDirectories(target.getParent());
        Files.copy(hostFile, target, StandardCopyOption.COPY_ATTRIBUTES);
        shared.add(target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot share " + hostFile, e);
    }
    return GUEST_SHARE + "/" + share.relativize(target);
  }

  /** Console and QEMU logs of every VM, and the kernel log of those still running. */
  public String diagnostics() {
    StringBuilder out = new StringBuilder("=== VM logs of run " + runDir + "\n");
    for (Vm vm : vms.values()) {
      out.append(vm.logs());
      if (vm.isRunning()) {
        try {
          ExecResult dmesg = vm.exec(List.of("dmesg"), Duration.ofSeconds(20));
          String[] lines = dmesg.stdout().split("\n");
          out.append("--- ").append(vm.name()).append(" dmesg (last 60 lines)\n");
          for (int i = Math.max(0, lines.length - 60); i < lines.length; i++) {
            out.append(lines[i]).append('\n');
          }
        } catch (VmException e) {
          out.append("--- ")
              .append(vm.name())
              .append(" dmesg unavailable: ")
              .append(e.getMessage());
          out.append('\n');
        }
      }
    }
    return out.toString();
  }

  /** Kills every VM and deletes disks, sockets and shared copies; logs stay in the run folder. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (Vm vm : vms.values()) {
      try {
        vm.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    try {
      for (Path file : shared) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(socketDir);
    } catch (IOException e) {
      failure = failure == null ? new UncheckedIOException(e) : failure;
    }
    if (failure != null) {
      throw failure;
    }
  }
}
