package io.ovt.ebs.operator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.operator.failover.FailoverDecision.StandbyReplica;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rule of DESIGN §6 that holds an automatic failover back, and the one case that goes. */
class FailoverDecisionTest {
  private static final Duration THRESHOLD = Duration.ofSeconds(8);

  private static FailoverDecision.Decision decide(
      Duration silent, Duration leaseLeft, boolean standbyAnswers, List<StandbyReplica> volumes) {
    return FailoverDecision.decide(
        new FailoverDecision.Inputs(
            "hci-0001", "hci-0002", silent, THRESHOLD, leaseLeft, standbyAnswers, volumes));
  }

  private static StandbyReplica lost(String name) {
    return new StandbyReplica(name, true, true, false);
  }

  @Test
  void anActiveNodeSilentForLessThanTheThresholdStays() {
    assertThat(decide(Duration.ofSeconds(7), Duration.ZERO, true, List.of(lost("a"))))
        .isInstanceOf(FailoverDecision.Stay.class);
  }

  @Test
  void aLostActiveNodeWhoseLeaseRunsIsWaitedFor() {
    var decision = decide(Duration.ofSeconds(9), Duration.ofMillis(500), true, List.of(lost("a")));
    assertThat(decision).isInstanceOf(FailoverDecision.Wait.class);
    assertThat(((FailoverDecision.Wait) decision).reason()).isEqualTo(PolicyReason.WaitingForLease);
  }

  @Test
  void aStandbyThatStillSeesItsPeerMeansTheActiveNodeIsAlive() {
    var decision =
        decide(
            Duration.ofSeconds(20),
            Duration.ZERO,
            true,
            List.of(new StandbyReplica("a", false, true, false)));
    assertThat(((FailoverDecision.Wait) decision).reason())
        .isEqualTo(PolicyReason.PeerStillConnected);
  }

  @Test
  void aSilentStandbyIsNotFailedOverTo() {
    var decision = decide(Duration.ofSeconds(20), Duration.ZERO, false, List.of());
    assertThat(((FailoverDecision.Wait) decision).reason())
        .isEqualTo(PolicyReason.StandbyUnreachable);
  }

  @Test
  void anOutdatedStandbyIsNeverPromotedAutomatically() {
    var decision =
        decide(
            Duration.ofSeconds(20),
            Duration.ZERO,
            true,
            List.of(new StandbyReplica("a", true, true, true)));
    assertThat(decision).isInstanceOf(FailoverDecision.Wait.class);
    assertThat(((FailoverDecision.Wait) decision).reason()).isEqualTo(PolicyReason.StandbyOutdated);
    assertThat(decision.message()).contains("a").contains("not promoted automatically");
  }

  @Test
  void aStandbyWhoseDiskIsNotUpToDateIsNotPromoted() {
    var decision =
        decide(
            Duration.ofSeconds(20),
            Duration.ZERO,
            true,
            List.of(new StandbyReplica("a", true, false, false)));
    assertThat(((FailoverDecision.Wait) decision).reason()).isEqualTo(PolicyReason.StandbyOutdated);
  }

  @Test
  void aLostActiveNodeWithItsLeaseOverAndItsPeerLostIsFailedOver() {
    var decision =
        decide(
            Duration.ofSeconds(9),
            Duration.ZERO,
            true,
            List.of(lost("a"), new StandbyReplica("b", true, true, true)));
    assertThat(decision).isInstanceOf(FailoverDecision.FailOver.class);
    assertThat(((FailoverDecision.FailOver) decision).to()).isEqualTo("hci-0002");
    assertThat(decision.message()).contains("1 of 2 volumes can move");
  }
}
