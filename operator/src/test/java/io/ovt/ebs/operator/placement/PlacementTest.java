package io.ovt.ebs.operator.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.crds.volume.Provisioning;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementTest {
  private static final long GIB = 1L << 30;
  private final Placement placement = new Placement(20.0);

  private static NodeRoom node(String name, boolean ready, long freeGib, long poolGib) {
    return new NodeRoom(name, ready, freeGib * GIB, poolGib * GIB, 0, 0);
  }

  @Test
  void picksThePairWithTheMostRoomAndServesFromItsActiveNode() {
    Map<String, NodeRoom> nodes =
        Map.of(
            "a",
            node("a", true, 10, 0),
            "b",
            node("b", true, 50, 0),
            "c",
            node("c", true, 40, 0),
            "d",
            node("d", true, 30, 0));
    List<PairChoice> pairs =
        List.of(
            new PairChoice("ab", List.of("a", "b"), "a"),
            new PairChoice("cd", List.of("c", "d"), "d"));
    PlacementResult result = placement.replicated(5 * GIB, Provisioning.THICK, null, pairs, nodes);
    assertThat(result).isEqualTo(new PlacementResult.Placed("cd", "d", "c"));
  }

  @Test
  void volumesPlacedButNotYetVisibleInTheNodesReportCountAgainstItsRoom() {
    Map<String, NodeRoom> nodes =
        Map.of("a", new NodeRoom("a", true, 10 * GIB, 0, 8 * GIB, 0), "b", node("b", true, 10, 0));
    PlacementResult result =
        placement.replicated(
            4 * GIB,
            Provisioning.THICK,
            "ab",
            List.of(new PairChoice("ab", List.of("a", "b"), "a")),
            nodes);
    assertThat(result).isInstanceOf(PlacementResult.Unplaceable.class);
    assertThat(((PlacementResult.Unplaceable) result).reason())
        .isEqualTo(PlacementFailure.InsufficientCapacity);
    assertThat(((PlacementResult.Unplaceable) result).message()).contains("room for 2Gi");
  }

  @Test
  void thinVolumesNeedAPoolAndMayOvercommitItUpToTheRatio() {
    Map<String, NodeRoom> nodes =
        Map.of("a", node("a", true, 100, 1), "b", node("b", true, 100, 0));
    List<PairChoice> pairs = List.of(new PairChoice("ab", List.of("a", "b"), "a"));
    PlacementResult noPool = placement.replicated(GIB, Provisioning.THIN, null, pairs, nodes);
    assertThat(((PlacementResult.Unplaceable) noPool).reason())
        .isEqualTo(PlacementFailure.NoThinPool);
    assertThat(placement.single(20 * GIB, Provisioning.THIN, "a", nodes))
        .isInstanceOf(PlacementResult.Placed.class);
    assertThat(placement.single(21 * GIB, Provisioning.THIN, "a", nodes))
        .isInstanceOf(PlacementResult.Unplaceable.class);
  }

  @Test
  void aNodesOwnOverSubscriptionRatioWinsAndTheRefusalNamesPoolRatioAndWhatIsProvisioned() {
    NodeRoom strict = new NodeRoom("a", true, 100 * GIB, 10 * GIB, 0, 8 * GIB, 1.5);
    assertThat(placement.single(7 * GIB, Provisioning.THIN, "a", Map.of("a", strict)))
        .isInstanceOf(PlacementResult.Placed.class);
    PlacementResult refused =
        placement.single(8 * GIB, Provisioning.THIN, "a", Map.of("a", strict));
    assertThat(((PlacementResult.Unplaceable) refused).message())
        .isEqualTo(
            "StorageNode a: thin volumes of 16Gi would over-commit its 10Gi thin pool beyond the"
                + " ratio 1.5 (at most 15Gi; 8Gi provisioned)");
  }

  @Test
  void growthNeedsFreeExtentsForThickAndStaysWithinTheRatioForThin() {
    NodeRoom node = new NodeRoom("a", true, 5 * GIB, 10 * GIB, GIB, 200 * GIB);
    assertThat(placement.growthProblem(node, "a", Provisioning.THICK, 4 * GIB)).isEmpty();
    assertThat(placement.growthProblem(node, "a", Provisioning.THICK, 5 * GIB).orElseThrow())
        .extracting(PlacementResult.Unplaceable::message)
        .isEqualTo("StorageNode a has 4Gi free in its volume group, 5Gi more needed");
    assertThat(placement.growthProblem(node, "a", Provisioning.THIN, 100 * GIB)).isEmpty();
    NodeRoom over = new NodeRoom("a", true, 5 * GIB, 10 * GIB, 0, 201 * GIB);
    assertThat(placement.growthProblem(over, "a", Provisioning.THIN, GIB).orElseThrow().reason())
        .isEqualTo(PlacementFailure.InsufficientCapacity);
    assertThat(placement.growthProblem(null, "b", Provisioning.THIN, GIB).orElseThrow().reason())
        .isEqualTo(PlacementFailure.NodeNotFound);
  }

  @Test
  void aNodeThatIsNotReadyOrMissingIsNamed() {
    Map<String, NodeRoom> nodes = Map.of("a", node("a", false, 100, 0));
    PlacementResult result =
        placement.replicated(
            GIB,
            Provisioning.THICK,
            null,
            List.of(new PairChoice("ab", List.of("a", "b"), "a")),
            nodes);
    assertThat(((PlacementResult.Unplaceable) result).reason())
        .isEqualTo(PlacementFailure.NodeNotReady);
    nodes = Map.of("a", node("a", true, 100, 0));
    result =
        placement.replicated(
            GIB,
            Provisioning.THICK,
            null,
            List.of(new PairChoice("ab", List.of("a", "b"), "a")),
            nodes);
    assertThat(((PlacementResult.Unplaceable) result).message())
        .contains("StorageNode b does not exist");
  }
}
