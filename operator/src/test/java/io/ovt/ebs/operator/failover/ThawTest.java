package io.ovt.ebs.operator.failover;

import static io.ovt.ebs.operator.testing.TestCluster.NS;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.SnapshotSpec;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.operator.EbsOperator;
import io.ovt.ebs.operator.OperatorSettings;
import io.ovt.ebs.operator.node.HttpNodeApiFactory;
import io.ovt.ebs.operator.testing.PolicyEdits;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A thaw is an event: every held operation runs as soon as the FailoverPolicy's spec.frozen is
 * false, not at its next requeue, which here is an hour away (heartbeats too). Volumes hear of it
 * from the policy and again from their StorageNodes, whose service status flips back to enabled; a
 * snapshot of a volume that does not change hears of it only from the policy.
 */
class ThawTest {
  private static final Duration HOUR = Duration.ofHours(1);

  /** Convergence as fast as in the other tests; heartbeats, waits and drift checks hourly. */
  private static final OperatorSettings SLOW_REQUEUES =
      new OperatorSettings(
          HOUR,
          TestCluster.FAST.nodeCallTimeout(),
          TestCluster.FAST.busyRequeue(),
          HOUR,
          HOUR,
          TestCluster.FAST.thinOvercommit(),
          TestCluster.FAST.snapshotHold());

  private TestCluster cluster;
  private EbsOperator operator;

  @BeforeEach
  void start() {
    cluster = TestCluster.withoutOperator();
    operator =
        EbsOperator.start(
            cluster.operatorClient,
            new HttpNodeApiFactory(() -> TestCluster.TOKEN, SLOW_REQUEUES.nodeCallTimeout()),
            SLOW_REQUEUES,
            Optional.empty(),
            Clock.systemUTC());
    cluster.applyPair();
  }

  @AfterEach
  void stop() {
    operator.close();
    cluster.close();
  }

  @Test
  void aThawRunsEveryHeldOperationAtOnce() {
    cluster.volume("grows", "1Gi", Provisioning.THIN);
    cluster.volume("goes", "1Gi", Provisioning.THIN);
    cluster.volume("steady", "1Gi", Provisioning.THIN);
    cluster.awaitReady("grows");
    cluster.awaitReady("goes");
    cluster.awaitReady("steady");
    PolicyEdits.setFrozen(cluster.client, "pair-a", true);

    cluster.volume("new", "1Gi", Provisioning.THIN);
    cluster.resize("grows", "2Gi");
    cluster.client.resources(Volume.class).inNamespace(NS).withName("goes").delete();
    snapshot("s1", "grows");
    snapshot("s2", "steady");
    for (String volume : new String[] {"new", "grows", "goes"}) {
      await().atMost(Duration.ofSeconds(20)).until(() -> "LifecycleFrozen".equals(readyOf(volume)));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                "LifecycleFrozen".equals(snapshotReason("s1"))
                    && "LifecycleFrozen".equals(snapshotReason("s2")));

    PolicyEdits.setFrozen(cluster.client, "pair-a", false);
    cluster.awaitReady("new");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> cluster.get("grows").getStatus().getRequestedSizeBytes() == 2L << 30);
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.get("goes") == null);
    await().atMost(Duration.ofSeconds(20)).until(() -> snapshotReason("s2").startsWith("Taken"));
    // This snapshot waits for the grown area's resync, then is taken.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              cluster.syncClock.advance(Duration.ofSeconds(20));
              return snapshotReason("s1").startsWith("Taken");
            });
  }

  private String readyOf(String volume) {
    Volume v = cluster.get(volume);
    return v == null || v.getStatus() == null
        ? null
        : Conditions.find(v.getStatus(), ConditionType.Ready).map(c -> c.getReason()).orElse(null);
  }

  private String snapshotReason(String name) {
    Snapshot s = cluster.client.resources(Snapshot.class).inNamespace(NS).withName(name).get();
    return s == null || s.getStatus() == null
        ? ""
        : Conditions.find(s.getStatus(), ConditionType.Ready).map(c -> c.getReason()).orElse("");
  }

  private void snapshot(String name, String volume) {
    Snapshot s = new Snapshot();
    s.getMetadata().setName(name);
    s.getMetadata().setNamespace(NS);
    SnapshotSpec spec = new SnapshotSpec();
    spec.setVolume(volume);
    s.setSpec(spec);
    cluster.client.resource(s).create();
  }
}
