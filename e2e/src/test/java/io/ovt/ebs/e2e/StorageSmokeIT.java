package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real stack end to end in three VMs: LVM (thick, thin), DRBD 8.4 protocol C between the
 * storage hosts, LIO exporting the primary's DRBD device to the client over iSCSI, data written and
 * read back by the client, and the node daemon answering through its forwarded port.
 */
class StorageSmokeIT {
  private static final String TAG = "ebs.ovt.io";
  private static final String IQN = "iqn.2010-10.io.ovt.ebs:smoke";
  private static final DrbdResource RESOURCE =
      new DrbdResource("smoke", 1000, 7001, "/dev/volumes/smoke-thick");

  @RegisterExtension final VmClusterExtension vms = new VmClusterExtension();

  private final ExecutorService pool = Executors.newFixedThreadPool(3);
  private final long started = System.nanoTime();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void lvmDrbdIscsiAndNodeDaemon() throws Exception {
    VmCluster cluster = vms.cluster();
    Vm hci1 = cluster.vm(Topology.HCI_1);
    Vm hci2 = cluster.vm(Topology.HCI_2);
    Vm client = cluster.vm(Topology.CLIENT);
    step("booted");

    onStorageHosts(
        cluster,
        setup -> {
          Vm vm = setup.vm();
          setup.createVolumeGroup(400);
          vm.execOk("lvcreate", "-L", "64m", "-n", "smoke-thick", "--addtag", TAG, "volumes");
          vm.execOk("lvcreate", "-V", "128m", "-T", "volumes/pool", "-n", "smoke-thin");
          vm.execOk("modprobe", "drbd");
          vm.writeString(RESOURCE.path(), RESOURCE.render());
          vm.exec(
                  List.of("drbdadm", "create-md", "--force", RESOURCE.name()),
                  "yes\n".getBytes(),
                  Duration.ofSeconds(60))
              .orThrow();
          vm.execOk("drbdadm", "up", RESOURCE.name());
        });
    assertThat(hci1.execOk("lvs", "--noheadings", "-o", "lv_name,lv_tags").stdout())
        .contains("smoke-thick", TAG)
        .contains("smoke-thin");
    step("LVM and DRBD up on both storage hosts");

    hci1.execOk("drbdadm", "primary", "--force", RESOURCE.name());
    for (Vm vm : List.of(hci1, hci2)) {
      await("initial sync on " + vm.name())
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> procDrbdLine(vm), line -> line.contains("ds:UpToDate/UpToDate"));
    }
    assertThat(procDrbdLine(hci1)).contains("cs:Connected", "ro:Primary/Secondary");
    step("DRBD in sync");

    String portal = Topology.portalAddress(Topology.HCI_1);
    String commands =
        String.join(
            "\n",
            "/backstores/block create name=smoke dev=" + RESOURCE.device(),
            "/iscsi create " + IQN,
            "/iscsi/" + IQN + "/tpg1/portals delete 0.0.0.0 3260",
            "/iscsi/" + IQN + "/tpg1/portals create " + portal + " 3260",
            "/iscsi/" + IQN + "/tpg1/luns create /backstores/block/smoke",
            "/iscsi/" + IQN + "/tpg1/acls create " + Topology.CLIENT_IQN,
            "exit",
            "");
    hci1.exec(List.of("targetcli"), commands.getBytes(), Duration.ofSeconds(60)).orThrow();
    step("exported with targetcli");

    String target = portal + ":" + Topology.ISCSI_PORT;
    client.execOk("iscsiadm", "-m", "discovery", "-t", "sendtargets", "-p", target);
    client.execOk("iscsiadm", "-m", "node", "-T", IQN, "-p", target, "--login");
    String disk = "/dev/disk/by-path/ip-" + target + "-iscsi-" + IQN + "-lun-0";
    await("iSCSI disk on the client")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> client.exec(List.of("test", "-b", disk)).ok());
    step("client logged in");

    String written =
        md5(
            client.execOk(
                "sh",
                "-c",
                "dd if=/dev/urandom of=/tmp/data bs=1M count=16 status=none && md5sum </tmp/data"));
    client.execOk("dd", "if=/tmp/data", "of=" + disk, "bs=1M", "oflag=direct", "status=none");
    String readBack =
        md5(
            client.execOk(
                "sh", "-c", "dd if=" + disk + " bs=1M count=16 iflag=direct status=none | md5sum"));
    String onPrimary =
        md5(
            hci1.execOk(
                "sh",
                "-c",
                "dd if="
                    + RESOURCE.device()
                    + " bs=1M count=16 iflag=direct status=none | md5sum"));
    assertThat(readBack).isEqualTo(written);
    assertThat(onPrimary).isEqualTo(written);
    assertThat(procDrbdLine(hci2)).contains("ds:UpToDate/UpToDate");
    step("16 MiB written over iSCSI and read back, md5 " + written);

    List<NodeDaemonProcess> daemons =
        Topology.STORAGE_HOSTS.stream()
            .map(
                host ->
                    CompletableFuture.supplyAsync(
                        () ->
                            new StorageHostSetup(cluster, host)
                                .startNodeDaemon("simulated", Duration.ofMinutes(1)),
                        pool))
            .toList()
            .stream()
            .map(CompletableFuture::join)
            .toList();
    for (int i = 0; i < daemons.size(); i++) {
      HttpResponse<String> node = daemons.get(i).get("/v1/node");
      assertThat(node.statusCode()).isEqualTo(200);
      assertThat(node.body()).contains(Topology.STORAGE_HOSTS.get(i) + "@EBS");
      System.out.println("GET /v1/node on " + Topology.STORAGE_HOSTS.get(i) + ": " + node.body());
    }
    step("node daemons answer through the forwarded ports");

    System.out.println("/proc/drbd on " + hci1.name() + ":\n" + hci1.readString("/proc/drbd"));
    System.out.println("/proc/drbd on " + hci2.name() + ":\n" + hci2.readString("/proc/drbd"));
    for (Vm vm : cluster.vms()) {
      Vm.Memory memory = vm.memory();
      System.out.printf(
          "QEMU %s: resident %d MiB, peak %d MiB%n",
          vm.name(), memory.residentBytes() >> 20, memory.peakResidentBytes() >> 20);
    }

    long clientPid = client.pid();
    client.kill();
    assertThat(client.isRunning()).isFalse();
    assertThat(ProcessHandle.of(clientPid)).isEmpty();
    step("client's QEMU killed");
  }

  private void onStorageHosts(VmCluster cluster, Consumer<StorageHostSetup> action) {
    CompletableFuture.allOf(
            Topology.STORAGE_HOSTS.stream()
                .map(
                    host ->
                        CompletableFuture.runAsync(
                            () -> action.accept(new StorageHostSetup(cluster, host)), pool))
                .toArray(CompletableFuture[]::new))
        .join();
  }

  private static String procDrbdLine(Vm vm) {
    return Arrays.stream(vm.readString("/proc/drbd").split("\n"))
        .filter(line -> line.trim().startsWith(RESOURCE.minor() + ":"))
        .collect(Collectors.joining("\n"));
  }

  private static String md5(ExecResult result) {
    return result.stdout().trim().split("\\s+")[0];
  }

  private void step(String what) {
    System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, what);
  }
}
