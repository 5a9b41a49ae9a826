package io.ovt.ebs.operator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A standby is promoted past a silent primary only when nothing it lacks was acknowledged. */
class PromotionSafetyTest {
  private static Optional<ObservedVolume> standby(ConnectionState connection, DiskState disk) {
    return Optional.of(
        new ObservedVolume(
            "ebs-1",
            null,
            new ObservedVolume.ObservedDrbd(
                1000,
                7000,
                Role.SECONDARY,
                disk,
                connection,
                ReplicationState.Off,
                null,
                DiskState.DUnknown,
                null,
                false,
                null),
            List.of(),
            "/dev/drbd1000"));
  }

  private static PromotionSafety.Verdict judge(
      Duration leaseLeft, Optional<ObservedVolume> seen, String outdatedSince) {
    return PromotionSafety.judge("hci-0001", "hci-0002", leaseLeft, seen, outdatedSince);
  }

  @Test
  void promotesAnUpToDateStandbyThatLostItsPeerAfterTheLease() {
    assertThat(judge(Duration.ZERO, standby(ConnectionState.Connecting, DiskState.UpToDate), null))
        .isInstanceOf(PromotionSafety.Promote.class);
  }

  @Test
  void waitsWhileThePrimaryMayStillServeOnItsLease() {
    assertThat(
            judge(
                Duration.ofSeconds(2),
                standby(ConnectionState.Connecting, DiskState.UpToDate),
                null))
        .isInstanceOf(PromotionSafety.Wait.class);
  }

  @Test
  void waitsWhileTheStandbyStillSeesThePrimary() {
    var verdict =
        judge(Duration.ZERO, standby(ConnectionState.Connected, DiskState.UpToDate), null);
    assertThat(verdict).isInstanceOf(PromotionSafety.Wait.class);
    assertThat(verdict.message()).contains("still connected");
  }

  @Test
  void refusesAStandbyThePrimaryFenced() {
    var verdict =
        judge(
            Duration.ZERO,
            standby(ConnectionState.Connecting, DiskState.UpToDate),
            "2026-12-02T12:00:00Z");
    assertThat(verdict).isInstanceOf(PromotionSafety.Refuse.class);
    assertThat(verdict.message()).contains("outdated").contains("2026-12-02T12:00:00Z");
  }

  @Test
  void refusesAStandbyWhoseDiskIsNotUpToDate() {
    assertThat(judge(Duration.ZERO, standby(ConnectionState.Connecting, DiskState.Outdated), null))
        .isInstanceOf(PromotionSafety.Refuse.class);
  }

  @Test
  void waitsForAStandbyWithoutTheResource() {
    assertThat(judge(Duration.ZERO, Optional.empty(), null))
        .isInstanceOf(PromotionSafety.Wait.class);
  }
}
