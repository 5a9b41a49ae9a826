package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.replication.ReplicationMode;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeReplication;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A retype of the replication mode on real DRBD 8.4, through custom resources only: a replicated
 * volume written on its primary goes from full-sync to async; both hosts' kernels show protocol A
 * with the resource still Connected and UpToDate on both sides (no resync), and the data is as
 * written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetypeIT {
  @RegisterExtension static final VmClusterExtension VMS = new VmClusterExtension();

  private OperatorOnVms ops;
  private KubernetesClient client;

  @BeforeAll
  void startStorageAndOperator() {
    ops = new OperatorOnVms(VMS.cluster(), null);
    client = ops.client;
  }

  @AfterAll
  void stop() {
    if (ops != null) {
      ops.close();
    }
  }

  @Test
  void aLiveVolumeGoesFromFullSyncToAsyncOnBothHostsWithoutAResync() {
    client.resource(E2eResources.volume("retyped", "64Mi", Provisioning.THIN)).create();
    Volume ready = ops.awaitVolumeReady("retyped");
    int minor = ready.getStatus().getDrbd().getMinor();
    String primary = ready.getStatus().getPrimaryNode();
    Vm serving = ops.cluster.vm(primary);
    String device = "/dev/drbd" + minor;
    serving.execOk(
        List.of("dd", "if=/dev/urandom", "of=" + device, "bs=1M", "count=8", "oflag=direct"),
        Duration.ofMinutes(2));
    String written = md5(serving, device);
    for (String host : Topology.STORAGE_HOSTS) {
      assertThat(OperatorOnVms.procDrbdLine(ops.cluster.vm(host), minor))
          .as(host + " before")
          .contains("cs:Connected")
          .contains("ds:UpToDate/UpToDate C ");
    }

    await("spec.replication.mode set")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .until(
            () ->
                client
                        .resources(Volume.class)
                        .inNamespace(E2eResources.NS)
                        .withName("retyped")
                        .edit(
                            v -> {
                              v.getSpec().setReplication(new VolumeReplication());
                              v.getSpec().getReplication().setMode(ReplicationMode.ASYNC);
                              return v;
                            })
                    != null);
    Volume retyped =
        ops.awaitUntil(
            "volume retyped to async",
            () -> ops.volume("retyped"),
            v ->
                Conditions.find(v.getStatus(), ConditionType.Retype)
                    .map(c -> "Retyped".equals(c.getReason()))
                    .orElse(false));

    assertThat(retyped.getStatus().getDrbd().getProtocol()).isEqualTo("A");
    String lv = retyped.getStatus().getLocalName();
    for (String host : Topology.STORAGE_HOSTS) {
      assertThat(OperatorOnVms.procDrbdLine(ops.cluster.vm(host), minor))
          .as(() -> host + " after; " + whatAdjustWouldDo(host, lv))
          .contains("cs:Connected")
          .contains("ds:UpToDate/UpToDate A ");
    }
    assertThat(md5(serving, device)).isEqualTo(written);
    assertThat(ops.awaitVolumeReady("retyped").getStatus().getDrbd().getProtocol()).isEqualTo("A");
  }

  /** For a failure's reader: what the kernel runs, what adjust would still change, and why not. */
  private String whatAdjustWouldDo(String host, String lv) {
    Vm vm = ops.cluster.vm(host);
    return "drbdsetup show:\n"
        + vm.exec(List.of("drbdsetup", "show", lv), Duration.ofSeconds(60)).stdout()
        + "\ndrbdadm -d adjust:\n"
        + vm.exec(List.of("drbdadm", "-d", "adjust", lv), Duration.ofSeconds(60)).stdout()
        + "\ndaemon logs on adjust:\n"
        + String.join("\n", ops.daemonLogs().lines().filter(l -> l.contains("adjust")).toList());
  }

  private static String md5(Vm vm, String device) {
    return IscsiClient.md5(vm, List.of("md5sum", device));
  }
}
