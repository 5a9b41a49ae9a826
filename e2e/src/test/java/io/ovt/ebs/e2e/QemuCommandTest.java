package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The QEMU command line and the kernel command line the guest's init reads. */
class QemuCommandTest {
  private final VmImages images =
      new VmImages(
          Path.of("/i/vmlinux"), Path.of("/i/initramfs.cpio.gz"), Path.of("/i/root.qcow2"));
  private final QemuCommand.Files files =
      new QemuCommand.Files(
          Path.of("/r/root.qcow2"),
          Path.of("/r/scratch.raw"),
          Path.of("/r/share"),
          Path.of("/tmp/s/hci-0001.qga"),
          Path.of("/r/console.log"),
          Path.of("/r/qemu.pid"));
  private final VmSpec spec =
      new VmSpec(
          "hci-0001",
          512,
          1L << 30,
          List.of(
              new Nic.UserNet("mgmt", "52:54:00:e2:01:01", "10.0.2.15/24", 40000, 7000),
              new Nic.UdpLink("repl", "52:54:00:e2:01:02", "10.0.10.21/24", 40001, 40002)),
          null,
          false,
          VmSpec.STORAGE_MODULES);

  @Test
  void tcgWithABoundedTranslationCacheAndLoopbackOnlyNetworking() {
    List<String> argv = QemuCommand.argv(spec, images, files);
    assertThat(String.join(" ", argv))
        .contains("-accel tcg,tb-size=256 -cpu max -smp 1 -m 512")
        .contains("-kernel /i/vmlinux -initrd /i/initramfs.cpio.gz")
        .contains("user,id=net0,net=10.0.2.0/24,restrict=on,hostfwd=tcp:127.0.0.1:40000-:7000")
        .contains("socket,id=net1,udp=127.0.0.1:40002,localaddr=127.0.0.1:40001")
        .contains("file=/r/scratch.raw,if=virtio,format=raw,cache=unsafe")
        .contains("virtserialport,chardev=qga,name=org.qemu.guest_agent.0")
        .doesNotContain("kvm");
  }

  @Test
  void kernelCommandLineCarriesTheGuestConfiguration() {
    assertThat(QemuCommand.kernelCommandLine(spec).split(" "))
        .contains(
            "net.ifnames=0",
            "ebs.hostname=hci-0001",
            "ebs.nic=mgmt,52:54:00:e2:01:01,10.0.2.15/24",
            "ebs.nic=repl,52:54:00:e2:01:02,10.0.10.21/24",
            "ebs.modules=dm_mod,dm_thin_pool,dm_snapshot,target_core_mod,target_core_iblock,"
                + "iscsi_target_mod")
        .doesNotContain("ebs.iscsid=1");
  }

  @Test
  void portsAreDistinct() {
    List<Integer> ports = PortAllocator.loopbackPorts(6, 2);
    assertThat(ports).hasSize(8);
    assertThat(ports.subList(0, 6)).doesNotHaveDuplicates();
    assertThat(ports.subList(6, 8)).doesNotHaveDuplicates();
  }
}
