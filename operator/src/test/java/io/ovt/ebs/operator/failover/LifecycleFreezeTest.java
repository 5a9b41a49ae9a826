package io.ovt.ebs.operator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverPolicySpec;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.replication.ReplicationPairSpec;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.operator.failover.LifecycleFreeze.Held;
import io.ovt.ebs.operator.failover.LifecycleFreeze.Operation;
import io.ovt.ebs.operator.failover.LifecycleFreeze.Proceed;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which lifecycle operations a frozen FailoverPolicy holds, decided without any server. */
class LifecycleFreezeTest {
  private static final Map<String, ReplicationPair> PAIRS =
      Map.of(
          "pair-a", pair("pair-a", "hci-0001", "hci-0002"),
          "pair-b", pair("pair-b", "hci-0003", "hci-0004"),
          "pair-c", pair("pair-c", "hci-0002", "hci-0005"));

  private static LifecycleFreeze freeze(FailoverPolicy... policies) {
    return LifecycleFreeze.of(
        Arrays.asList(policies), name -> Optional.ofNullable(PAIRS.get(name)));
  }

  @Test
  void aFrozenPolicyHoldsEveryOperationOnItsPairsVolumesAndSaysHowToThaw() {
    LifecycleFreeze freeze = freeze(policy("pair-a", true), policy("pair-b", false));
    Volume onA = placed("hci-0001", "hci-0002");
    for (Operation operation : Operation.values()) {
      assertThat(freeze.check(operation, onA))
          .as(operation.name())
          .isEqualTo(
              new Held(
                  "pair-a",
                  operation,
                  operation.words()
                      + " waits: FailoverPolicy pair-a is frozen (set spec.frozen: false to thaw)"));
    }
    assertThat(((Held) freeze.check(Operation.DELETE, onA)).message())
        .isEqualTo(
            "deletion waits: FailoverPolicy pair-a is frozen (set spec.frozen: false to thaw)");
    assertThat(freeze.check(Operation.DELETE, placed("hci-0003", "hci-0004")))
        .isInstanceOf(Proceed.class);
  }

  @Test
  void aThawedPolicyOrNoneHoldsNothing() {
    Volume onA = placed("hci-0001", "hci-0002");
    assertThat(freeze(policy("pair-a", false)).check(Operation.EXTEND, onA))
        .isInstanceOf(Proceed.class);
    assertThat(freeze().check(Operation.EXTEND, onA)).isInstanceOf(Proceed.class);
    assertThat(freeze().any()).isFalse();
  }

  @Test
  void aFreezeBelongsToTheNodesSoAVolumeOnOneOfThemWaitsWhicheverPairPlacedIt() {
    // hci-0002 is in pair-a and pair-c: freezing pair-a freezes the backend, as the service list
    // shows it, and so the volumes of pair-c that have a replica there.
    LifecycleFreeze freeze = freeze(policy("pair-a", true));
    assertThat(freeze.isFrozen("hci-0002")).isTrue();
    assertThat(freeze.isFrozen("hci-0005")).isFalse();
    assertThat(freeze.check(Operation.SNAPSHOT, placed("hci-0005", "hci-0002")))
        .isInstanceOf(Held.class);
    assertThat(freeze.check(Operation.EXTEND, placed("hci-0001", null)))
        .as("a volume that is not replicated, on a node of the frozen pair")
        .isInstanceOf(Held.class);
    assertThat(freeze.check(Operation.EXTEND, placed("hci-0005", null)))
        .isInstanceOf(Proceed.class);
  }

  @Test
  void aVolumeNotPlacedYetHasNothingOnAnyNodeToHold() {
    Volume unplaced = new Volume();
    assertThat(freeze(policy("pair-a", true)).check(Operation.DELETE, unplaced))
        .isInstanceOf(Proceed.class);
    unplaced.setStatus(new VolumeStatus());
    unplaced.getStatus().setPrimaryNode("hci-0001");
    assertThat(freeze(policy("pair-a", true)).check(Operation.DELETE, unplaced))
        .as("no local name: never sent to a node")
        .isInstanceOf(Proceed.class);
  }

  @Test
  void nodesNamedDirectlyAreHeldWhenAnyIsFrozenAndThePolicyNamedIsTheFirstByName() {
    LifecycleFreeze freeze = freeze(policy("pair-c", true), policy("pair-a", true));
    assertThat(freeze.check(Operation.CLONE, List.of("hci-0002")))
        .extracting(d -> ((Held) d).policy())
        .isEqualTo("pair-a");
    assertThat(freeze.check(Operation.SNAPSHOT_DELETE, List.of("hci-0005", "hci-0003")))
        .extracting(d -> ((Held) d).policy())
        .isEqualTo("pair-c");
    assertThat(freeze.check(Operation.CREATE, Arrays.asList("hci-0003", null)))
        .isInstanceOf(Proceed.class);
  }

  @Test
  void aPolicyOfAPairThatDoesNotExistFreezesNothing() {
    LifecycleFreeze freeze = freeze(policy("pair-x", true));
    assertThat(freeze.any()).isFalse();
    assertThat(freeze.check(Operation.CREATE, List.of("hci-0001"))).isInstanceOf(Proceed.class);
  }

  private static FailoverPolicy policy(String pair, boolean frozen) {
    FailoverPolicy policy = new FailoverPolicy();
    policy.getMetadata().setName(pair);
    FailoverPolicySpec spec = new FailoverPolicySpec();
    spec.setPair(pair);
    spec.setActiveBackend("hci-0001@EBS");
    spec.setFrozen(frozen);
    policy.setSpec(spec);
    return policy;
  }

  private static ReplicationPair pair(String name, String first, String second) {
    ReplicationPair pair = new ReplicationPair();
    pair.getMetadata().setName(name);
    ReplicationPairSpec spec = new ReplicationPairSpec();
    spec.setNodes(List.of(first, second));
    pair.setSpec(spec);
    return pair;
  }

  private static Volume placed(String primary, String secondary) {
    Volume volume = new Volume();
    volume.getMetadata().setName("data");
    VolumeStatus status = new VolumeStatus();
    status.setLocalName("ebs-1");
    status.setPrimaryNode(primary);
    status.setSecondaryNode(secondary);
    volume.setStatus(status);
    return volume;
  }
}
