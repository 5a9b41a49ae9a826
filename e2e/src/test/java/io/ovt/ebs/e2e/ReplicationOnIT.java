package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
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
 * Replication turned on for a volume created alone, on real LVM and DRBD 8.4: the LV written on its
 * node grows by DRBD's metadata, gets it at its end, and the peer joins by a full sync; both hosts
 * then show the resource Connected and UpToDate, and the data reads the same on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicationOnIT {
  private static final int DATA_MIB = 8;

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
  void aVolumeCreatedAloneGetsAPeerByAFullSyncAndLosesItAgainWithItsDataIntact() {
    Volume alone = E2eResources.volume("grows-a-peer", "64Mi", Provisioning.THIN);
    alone.getSpec().setReplication(new VolumeReplication());
    alone.getSpec().getReplication().setEnabled(false);
    client.resource(alone).create();
    Volume single = ops.awaitVolumeReady("grows-a-peer");
    assertThat(single.getStatus().getSecondaryNode()).isNull();
    String node = single.getStatus().getPrimaryNode();
    String lv = single.getStatus().getLocalName();
    Vm serving = ops.cluster.vm(node);
    serving.execOk(
        List.of(
            "dd",
            "if=/dev/urandom",
            "of=/dev/volumes/" + lv,
            "bs=1M",
            "count=" + DATA_MIB,
            "oflag=direct"),
        Duration.ofMinutes(2));
    String written = headMd5(serving, "/dev/volumes/" + lv);

    setReplicationEnabled(true);
    Volume replicated =
        ops.awaitUntil(
            "replication on",
            () -> ops.volume("grows-a-peer"),
            v ->
                Conditions.find(v.getStatus(), ConditionType.Retype)
                    .map(c -> "ReplicationAdded".equals(c.getReason()))
                    .orElse(false));

    assertThat(replicated.getStatus().getPrimaryNode()).as("the same node serves").isEqualTo(node);
    String peer = replicated.getStatus().getSecondaryNode();
    assertThat(peer).isNotNull().isNotEqualTo(node);
    int minor = replicated.getStatus().getDrbd().getMinor();
    for (String host : Topology.STORAGE_HOSTS) {
      assertThat(OperatorOnVms.procDrbdLine(ops.cluster.vm(host), minor))
          .as(host)
          .contains("cs:Connected")
          .contains("ds:UpToDate/UpToDate");
    }
    assertThat(headMd5(serving, "/dev/drbd" + minor)).as("the data on the node").isEqualTo(written);
    assertThat(headMd5(ops.cluster.vm(peer), "/dev/volumes/" + lv))
        .as("the data on the peer, from the full sync")
        .isEqualTo(written);

    setReplicationEnabled(false);
    ops.awaitUntil(
        "replication off",
        () -> ops.volume("grows-a-peer"),
        v ->
            Conditions.find(v.getStatus(), ConditionType.Retype)
                .map(c -> "ReplicationRemoved".equals(c.getReason()))
                .orElse(false));
    Volume dropped = ops.awaitVolumeReady("grows-a-peer");
    assertThat(dropped.getStatus().getSecondaryNode()).isNull();
    assertThat(ops.cluster.vm(peer).exec(List.of("lvs", "volumes/" + lv), Duration.ofSeconds(60)))
        .as("the peer's copy is removed")
        .matches(r -> r.exitCode() != 0, "lvs fails");
    assertThat(serving.exec(List.of("drbdsetup", "show", lv), Duration.ofSeconds(60)).exitCode())
        .as("no DRBD resource on the node")
        .isNotZero();
    assertThat(headMd5(serving, "/dev/volumes/" + lv))
        .as("the node serves the same data from its LV")
        .isEqualTo(written);
  }

  private void setReplicationEnabled(boolean enabled) {
    await("spec.replication.enabled " + enabled)
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .until(
            () ->
                client
                        .resources(Volume.class)
                        .inNamespace(E2eResources.NS)
                        .withName("grows-a-peer")
                        .edit(
                            v -> {
                              v.getSpec().getReplication().setEnabled(enabled);
                              return v;
                            })
                    != null);
  }

  /** The md5 of the written bytes at the start of a device, read past the page cache. */
  private static String headMd5(Vm vm, String device) {
    String read = "dd if=" + device + " bs=1M count=" + DATA_MIB + " iflag=direct status=none";
    return IscsiClient.md5(vm, List.of("sh", "-c", read + " | md5sum"));
  }
}
