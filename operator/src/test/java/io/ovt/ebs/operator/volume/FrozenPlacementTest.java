package io.ovt.ebs.operator.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.crds.common.ConditionStatus;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.NodeCapacity;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.node.StorageNodeSpec;
import io.ovt.ebs.crds.node.StorageNodeStatus;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverPolicySpec;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.replication.ReplicationPairSpec;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeSpec;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.operator.allocation.AllocationLedger;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.placement.Placement;
import io.ovt.ebs.operator.placement.PlacementFailure;
import io.ovt.ebs.operator.placement.PlacementResult;
import io.ovt.ebs.operator.testing.FixedCache;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Placement and growth with a frozen pair, decided from caches without any server: frozen pairs are
 * skipped; a volume whose only place is on one waits, and so does a growth there.
 */
class FrozenPlacementTest {
  private static final long GIB = 1L << 30;
  private static final String THAW = "(set spec.frozen: false to thaw)";

  private final VolumePlacer placer =
      new VolumePlacer(new Placement(Placement.DEFAULT_THIN_OVERCOMMIT), new AllocationLedger());
  private final FixedCache<StorageNode> nodes =
      FixedCache.of(
          node("hci-0001", 90), node("hci-0002", 90), node("hci-0003", 20), node("hci-0004", 20));
  private final FixedCache<ReplicationPair> pairs =
      FixedCache.of(pair("pair-a", "hci-0001", "hci-0002"), pair("pair-b", "hci-0003", "hci-0004"));
  private final FixedCache<FailoverPolicy> policies =
      FixedCache.of(
          policy("pair-a", "hci-0001@EBS", true), policy("pair-b", "hci-0003@EBS", false));
  private final FixedCache<Volume> volumes = FixedCache.of();
  private final ClusterView cluster = new ClusterView(nodes, pairs, policies, volumes);

  @Test
  void aVolumeThatNamesNoPairSkipsTheFrozenOneThoughItHasMoreRoom() {
    Volume volume = volume("10Gi", null);
    assertThat(placer.place(volume, cluster))
        .isEqualTo(new PlacementResult.Placed("pair-b", "hci-0003", "hci-0004"));
    assertThat(volume.getStatus().getLocalName()).isNotNull();
  }

  @Test
  void aVolumeThatNamesTheFrozenPairWaitsAndNothingIsRecorded() {
    Volume volume = volume("10Gi", "pair-a");
    assertThat(placer.place(volume, cluster))
        .isEqualTo(
            new PlacementResult.Unplaceable(
                PlacementFailure.LifecycleFrozen,
                "creation waits: FailoverPolicy pair-a is frozen " + THAW));
    assertThat(volume.getStatus().getLocalName()).isNull();
    assertThat(volume.getStatus().getDrbd()).isNull();
  }

  @Test
  void aVolumeThatFitsOnlyOnTheFrozenPairWaitsForIt() {
    Volume volume = volume("50Gi", null);
    PlacementResult result = placer.place(volume, cluster);
    assertThat(result)
        .isEqualTo(
            new PlacementResult.Unplaceable(
                PlacementFailure.LifecycleFrozen,
                "creation waits: FailoverPolicy pair-a is frozen " + THAW));
  }

  @Test
  void aVolumeThatFitsNowhereSaysSoRatherThanWaitingForTheThaw() {
    PlacementResult result = placer.place(volume("200Gi", null), cluster);
    assertThat(result).isInstanceOf(PlacementResult.Unplaceable.class);
    assertThat(((PlacementResult.Unplaceable) result).reason())
        .isEqualTo(PlacementFailure.InsufficientCapacity);
  }

  @Test
  void aVolumeMadeFromASourceOnAFrozenNodeWaits() {
    PlacementResult result = placer.place(volume("1Gi", null), cluster, Set.of("hci-0002"));
    assertThat(result)
        .isEqualTo(
            new PlacementResult.Unplaceable(
                PlacementFailure.LifecycleFrozen,
                "creation from its source waits: FailoverPolicy pair-a is frozen " + THAW));
    assertThat(placer.place(volume("1Gi", null), cluster, Set.of("hci-0004")))
        .isEqualTo(new PlacementResult.Placed("pair-b", "hci-0004", "hci-0003"));
  }

  @Test
  void aVolumeThatIsNotReplicatedGoesToAnUnfrozenNodeOrWaitsForTheOneItNames() {
    Volume anywhere = single("1Gi", null);
    PlacementResult placed = placer.place(anywhere, cluster);
    assertThat(placed).isInstanceOf(PlacementResult.Placed.class);
    assertThat(((PlacementResult.Placed) placed).primary()).isIn("hci-0003", "hci-0004");
    assertThat(placer.place(single("1Gi", "hci-0001"), cluster))
        .isEqualTo(
            new PlacementResult.Unplaceable(
                PlacementFailure.LifecycleFrozen,
                "creation waits: FailoverPolicy pair-a is frozen " + THAW));
  }

  @Test
  void thawingLetsTheWaitingVolumeGoWhereItAsked() {
    policies
        .list()
        .filter(p -> p.getSpec().getPair().equals("pair-a"))
        .findFirst()
        .orElseThrow()
        .getSpec()
        .setFrozen(false);
    assertThat(placer.place(volume("10Gi", "pair-a"), cluster))
        .isEqualTo(new PlacementResult.Placed("pair-a", "hci-0001", "hci-0002"));
  }

  @Test
  void aGrowthOnTheFrozenPairWaitsAndOneElsewhereDoesNot() {
    Volume onA = placedOn("pair-a", "hci-0001", "hci-0002", "2Gi");
    assertThat(placer.growthProblem(onA, cluster, GIB))
        .contains(
            new PlacementResult.Unplaceable(
                PlacementFailure.LifecycleFrozen,
                "extension waits: FailoverPolicy pair-a is frozen " + THAW));
    assertThat(
            placer.growthProblem(placedOn("pair-b", "hci-0003", "hci-0004", "2Gi"), cluster, GIB))
        .isEmpty();
  }

  private static StorageNode node(String name, long freeGib) {
    StorageNode node = new StorageNode();
    node.getMetadata().setName(name);
    StorageNodeSpec spec = new StorageNodeSpec();
    spec.setBackendId(name + "@EBS");
    node.setSpec(spec);
    StorageNodeStatus status = new StorageNodeStatus();
    NodeCapacity capacity = new NodeCapacity();
    capacity.setVgFreeBytes(freeGib * GIB);
    capacity.setThinPoolSizeBytes(10 * GIB);
    status.setCapacity(capacity);
    Conditions.set(
        status, ConditionType.Ready, ConditionStatus.True, VolumeReason.Available, "", 1L, now());
    node.setStatus(status);
    return node;
  }

  private static ReplicationPair pair(String name, String first, String second) {
    ReplicationPair pair = new ReplicationPair();
    pair.getMetadata().setName(name);
    ReplicationPairSpec spec = new ReplicationPairSpec();
    spec.setNodes(List.of(first, second));
    pair.setSpec(spec);
    return pair;
  }

  private static FailoverPolicy policy(String pair, String active, boolean frozen) {
    FailoverPolicy policy = new FailoverPolicy();
    policy.getMetadata().setName(pair);
    policy.getMetadata().setCreationTimestamp(now().toString());
    FailoverPolicySpec spec = new FailoverPolicySpec();
    spec.setPair(pair);
    spec.setActiveBackend(active);
    spec.setFrozen(frozen);
    policy.setSpec(spec);
    return policy;
  }

  private static Volume volume(String size, String pair) {
    Volume volume = new Volume();
    volume.getMetadata().setName("data");
    volume.getMetadata().setNamespace("default");
    volume.getMetadata().setUid(UUID.randomUUID().toString());
    VolumeSpec spec = new VolumeSpec();
    spec.setSize(size);
    spec.setProvisioning(Provisioning.THICK);
    spec.getReplication().setPair(pair);
    volume.setSpec(spec);
    volume.setStatus(new VolumeStatus());
    return volume;
  }

  private static Volume single(String size, String node) {
    Volume volume = volume(size, null);
    volume.getSpec().getReplication().setEnabled(false);
    volume.getSpec().setNode(node);
    return volume;
  }

  private static Volume placedOn(String pair, String primary, String secondary, String size) {
    Volume volume = volume(size, null);
    volume.getStatus().setPair(pair);
    volume.getStatus().setPrimaryNode(primary);
    volume.getStatus().setSecondaryNode(secondary);
    volume.getStatus().setLocalName(VolumeNaming.localName(volume));
    return volume;
  }

  private static Instant now() {
    return Instant.parse("2026-01-01T00:00:00Z");
  }
}
