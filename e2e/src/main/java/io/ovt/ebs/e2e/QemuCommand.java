package io.ovt.ebs.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The QEMU command line of one VM. */
final class QemuCommand {
  /** Translation cache size: QEMU's default doubles the resident memory (notes/vm-harness.md). */
  private static final String ACCEL = "tcg,tb-size=256";

  private QemuCommand() {}

  /**
   * Files of one VM on the host.
   *
   * @param overlay throw-away qcow2 overlay of the root image
   * @param scratch raw scratch disk (/dev/vdb), or null
   * @param share host folder mounted at /mnt/share in the guest
   * @param agentSocket unix socket of qemu-guest-agent's virtio-serial port
   * @param console serial console log
   * @param pidFile where QEMU writes its process id
   */
  record Files(
      Path overlay, Path scratch, Path share, Path agentSocket, Path console, Path pidFile) {}

  static List<String> argv(VmSpec spec, VmImages images, Files files) {
    List<String> argv = new ArrayList<>();
    add(argv, "qemu-system-x86_64", "-name", spec.name());
    add(argv, "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot");
    add(argv, "-pidfile", files.pidFile().toString());
    // KVM here is a nested paravirtual one that aborts or hangs; TCG works every time.
    add(
        argv,
        "-accel",
        ACCEL,
        "-cpu",
        "max",
        "-smp",
        "1",
        "-m",
        Integer.toString(spec.memoryMib()));
    add(argv, "-kernel", images.kernel().toString(), "-initrd", images.initramfs().toString());
    add(argv, "-append", kernelCommandLine(spec));
    // The root overlay is restarted after crashes: keep QEMU's default write-back so qcow2
    // metadata the guest flushed is on the host. The scratch disk is raw (no metadata in QEMU's
    // memory), so ignoring flushes loses nothing when QEMU is killed and spares host fsyncs.
    add(argv, "-drive", "file=" + files.overlay() + ",if=virtio,format=qcow2,discard=unmap");
    if (files.scratch() != null) {
      add(argv, "-drive", "file=" + files.scratch() + ",if=virtio,format=raw,cache=unsafe");
    }
    int index = 0;
    for (Nic nic : spec.nics()) {
      String id = "net" + index++;
      String backend;
      if (nic instanceof Nic.UdpLink link) {
        backend =
            "socket,id="
                + id
                + ",udp=127.0.0.1:"
                + link.peerPort()
                + ",localaddr=127.0.0.1:"
                + link.localPort();
      } else {
        Nic.UserNet user = (Nic.UserNet) nic;
        backend =
            "user,id="
                + id
                + ",net=10.0.2.0/24,restrict=on,hostfwd=tcp:127.0.0.1:"
                + user.hostPort()
                + "-:"
                + user.guestPort();
      }
      add(argv, "-netdev", backend);
      add(argv, "-device", "virtio-net-pci,romfile=,netdev=" + id + ",mac=" + nic.mac());
    }
    add(argv, "-fsdev", "local,id=share,security_model=none,path=" + files.share());
    add(argv, "-device", "virtio-9p-pci,fsdev=share,mount_tag=share");
    add(argv, "-chardev", "socket,id=qga,server=on,wait=off,path=" + files.agentSocket());
    add(argv, "-device", "virtio-serial-pci");
    add(argv, "-device", "virtserialport,chardev=qga,name=org.qemu.guest_agent.0");
    // append: a restarted VM's boot follows the one before it in the same log
    add(argv, "-chardev", "file,id=console,append=on,path=" + files.console());
    add(argv, "-serial", "chardev:console");
    return List.copyOf(argv);
  }

  static String kernelCommandLine(VmSpec spec) {
    List<String> words = new ArrayList<>();
    // net.ifnames=0: plain ethN names that the init renames by MAC; panic=-1 with -no-reboot
    // makes a kernel panic end QEMU, which the harness sees, instead of hanging the boot.
    add(words, "console=ttyS0", "root=/dev/vda", "rw", "quiet", "net.ifnames=0", "panic=-1");
    add(words, "mitigations=off", "ebs.hostname=" + spec.name());
    for (Nic nic : spec.nics()) {
      words.add("ebs.nic=" + nic.guestName() + "," + nic.mac() + "," + nic.address());
    }
    if (spec.initiatorName() != null) {
      words.add("ebs.iqn=" + spec.initiatorName());
    }
    if (!spec.modules().isEmpty()) {
      words.add("ebs.modules=" + String.join(",", spec.modules()));
    }
    if (spec.startIscsid()) {
      words.add("ebs.iscsid=1");
    }
    return String.join(" ", words);
  }

  private static void add(List<String> argv, String... words) {
    argv.addAll(List.of(words));
  }
}
