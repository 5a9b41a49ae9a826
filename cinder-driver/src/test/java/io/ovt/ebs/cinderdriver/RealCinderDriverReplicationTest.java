package io.ovt.ebs.cinderdriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.cindersync.client.Service;
import io.ovt.ebs.cindersync.client.VolumeType;
import io.ovt.ebs.cindersync.kube.MirrorPass;
import io.ovt.ebs.cindersync.kube.ServiceMirror;
import io.ovt.ebs.cindersync.kube.VolumeMirror;
import io.ovt.ebs.cindersync.mirror.MirrorAction;
import io.ovt.ebs.cindersync.mirror.ServiceStateSync;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverState;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Replication through Debian's real Cinder with the driver, checked against Cinder's contract: an
 * unknown target, {@code failover-host} and failback, {@code freeze-host}/{@code thaw-host}; and
 * cinder-sync beside the driver after those failovers. Each test puts the service back as it found
 * it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealCinderDriverReplicationTest extends RealCinderDriverTestBase {

  @Test
  @Order(1)
  void anUnknownFailoverTargetIsRefusedAndNothingMoves() throws Exception {
    String id = create("stays", "--size", "1");
    awaitVolumeReady(id);
    cinder.cinder("failover-host", HOST, "--backend_id", "hci-0009@EBS");
    await("the failover attempt over")
        .atMost(CINDER_WAIT)
        .until(() -> service().replicationStatus(), s -> !s.equals("failing-over"));
    Service s = service();
    // the contract: InvalidReplicationTarget keeps the replication status, the service enabled
    assertThat(s.replicationStatus()).isEqualTo("enabled");
    assertThat(s.status()).isEqualTo("enabled");
    assertThat(s.activeBackendId()).isNullOrEmpty();
    assertThat(Files.readString(withDriver.log()))
        .contains("InvalidReplicationTarget")
        .contains("hci-0009@EBS is not a configured replication_device");
    assertThat(volume(id).replicationStatus()).isEqualTo("enabled");
    assertThat(system.policy().getSpec().getActiveBackend()).isEqualTo(HOST);
    cinder.openstack("volume", "delete", id);
    awaitGone(id);
  }

  @Test
  @Order(2)
  void failoverHostThenFailback() throws Exception {
    String id = create("replicated", "--size", "1");
    awaitVolumeReady(id);
    // a type of the same backend without replication: one copy, on one node
    cinder.openstack(
        "volume", "type", "create", "ebs-single", "--property", "volume_backend_name=ebs");
    String single = createOfType("ebs-single", "single", "--size", "1");
    assertThat(volume(single).replicationStatus()).isEqualTo("disabled");
    assertThat(ebsVolume(single).getSpec().getReplication().getEnabled()).isFalse();

    cinder.cinder("failover-host", HOST, "--backend_id", SECONDARY);
    await("service failed over")
        .atMost(CINDER_WAIT)
        .until(this::service, s -> !s.replicationStatus().equals("failing-over"));
    Service s = service();
    assertThat(s.replicationStatus()).isEqualTo("failed-over");
    assertThat(s.status()).isEqualTo("disabled");
    assertThat(s.disabledReason()).isEqualTo("failed-over");
    assertThat(s.activeBackendId()).isEqualTo(SECONDARY);
    assertThat(volume(id).replicationStatus()).isEqualTo("failed-over");
    assertThat(volume(id).status()).isEqualTo("available");
    // the contract: a volume with no copy on the target cannot follow
    assertThat(volume(single).status()).isEqualTo("error");
    assertThat(volume(single).replicationStatus()).isEqualTo("not-capable");
    FailoverPolicy policy = system.policy();
    assertThat(policy.getSpec().getActiveBackend()).isEqualTo(SECONDARY);
    assertThat(policy.getStatus().getActiveNode()).isEqualTo("hci-0002");
    assertThat(ebsVolume(id).getStatus().getPrimaryNode()).isEqualTo("hci-0002");
    String list = cinder.openstack("volume", "service", "list", "--long", "-f", "value");
    assertThat(list)
        .containsPattern("cinder-volume " + HOST + " \\S+ disabled up \\S+ failed-over");

    cinder.cinder("failover-host", HOST, "--backend_id", "default");
    await("service failed back")
        .atMost(CINDER_WAIT)
        .until(this::service, x -> !x.replicationStatus().equals("failing-over"));
    s = service();
    assertThat(s.replicationStatus()).isEqualTo("enabled");
    assertThat(s.status()).isEqualTo("enabled");
    assertThat(s.activeBackendId()).isNullOrEmpty();
    assertThat(volume(id).replicationStatus()).isEqualTo("enabled");
    assertThat(system.policy().getSpec().getActiveBackend()).isEqualTo(HOST);
    assertThat(system.policy().getStatus().getActiveNode()).isEqualTo("hci-0001");
    assertThat(ebsVolume(id).getStatus().getPrimaryNode()).isEqualTo("hci-0001");
    // and a failback leaves it as it is
    assertThat(volume(single).status()).isEqualTo("error");
    assertThat(volume(single).replicationStatus()).isEqualTo("not-capable");

    for (String v : List.of(id, single)) {
      cinder.openstack("volume", "delete", v);
      awaitGone(v);
    }
  }

  @Test
  @Order(3)
  void freezeHostThenThawHost() throws Exception {
    cinder.cinder("freeze-host", HOST);
    await("service frozen")
        .atMost(CINDER_WAIT)
        .until(this::service, s -> "frozen".equals(s.disabledReason()));
    Service s = service();
    assertThat(s.isFrozen()).isTrue();
    assertThat(s.status()).isEqualTo("disabled");
    FailoverPolicy policy = system.policy();
    assertThat(policy.getSpec().getFrozen()).isTrue();
    assertThat(policy.getStatus().getState()).isEqualTo(FailoverState.Frozen);

    cinder.cinder("thaw-host", HOST);
    s = service();
    assertThat(s.isFrozen()).isFalse();
    assertThat(s.status()).isEqualTo("enabled");
    policy = system.policy();
    assertThat(policy.getSpec().getFrozen()).isFalse();
    assertThat(policy.getStatus().getState()).isNotEqualTo(FailoverState.Frozen);
  }

  @Test
  @Order(4)
  void cinderSyncTakesTheDriversObjectsAsItsOwn() throws Exception {
    String id = create("shared", "--size", "1");
    awaitVolumeReady(id);
    String name = "cinder-" + id;
    io.ovt.ebs.crds.volume.VolumeSpec before = ebsVolume(id).getSpec();

    // one full pass of cinder-sync's volume mirror over the same Cinder and namespace
    MirrorPass pass =
        new MirrorPass(
            new VolumeMirrorPlan(
                new VolumeMirrorPlan.Settings(Set.of("ebs"), Duration.ofMinutes(10), false)),
            new VolumeMirror(system.kube, "default", Clock.systemUTC()),
            Clock.systemUTC());
    Map<String, VolumeType> types =
        client.volumeTypes().stream().collect(Collectors.toMap(VolumeType::id, t -> t));
    List<MirrorAction> actions = pass.full(client.volumes(null), types);
    assertThat(actions)
        .as("nothing made twice, grown, reported or marked gone")
        .containsExactly(new MirrorAction.NoteStatus(name, "available"));
    io.ovt.ebs.crds.volume.Volume after = ebsVolume(id);
    assertThat(after.getSpec()).usingRecursiveComparison().isEqualTo(before);
    assertThat(Conditions.find(after.getStatus(), ConditionType.CinderSynced))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("Mirrored");
            });

    // and its service mirror finds Cinder and the policy in step after the driver's failovers
    assertThat(new ServiceMirror(system.kube, client).pass())
        .singleElement()
        .isInstanceOfAny(ServiceStateSync.Record.class, ServiceStateSync.InStep.class);

    cinder.openstack("volume", "delete", id);
    awaitGone(id);
  }
}
