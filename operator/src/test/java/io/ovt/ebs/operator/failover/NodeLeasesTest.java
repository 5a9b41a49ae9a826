package io.ovt.ebs.operator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The operator's view of leases never ends one before the daemon's could. */
class NodeLeasesTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final NodeLeases leases = new NodeLeases(now::get);
  private static final Duration LEASE = Duration.ofSeconds(6);

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void aLeaseRunsForItsDurationFromTheAnswer() {
    leases.granted("hci-0001", LEASE, List.of());
    advance(Duration.ofSeconds(5));
    assertThat(leases.leaseExpired("hci-0001", LEASE)).isFalse();
    assertThat(leases.leaseLeft("hci-0001", LEASE)).isEqualTo(Duration.ofSeconds(1));
    advance(Duration.ofSeconds(2));
    assertThat(leases.leaseExpired("hci-0001", LEASE)).isTrue();
  }

  @Test
  void aNodeNeverHeardFromCountsAsLeasedAndHeardAtTheOperatorsStart() {
    advance(Duration.ofSeconds(3));
    assertThat(leases.leaseExpired("hci-0002", LEASE)).isFalse();
    assertThat(leases.silentFor("hci-0002")).isEqualTo(Duration.ofSeconds(3));
    advance(Duration.ofSeconds(4));
    assertThat(leases.leaseExpired("hci-0002", LEASE)).isTrue();
  }

  @Test
  void aLongerLeaseGrantedEarlierIsHonoured() {
    leases.granted("hci-0001", Duration.ofSeconds(20), List.of());
    advance(Duration.ofSeconds(10));
    assertThat(leases.leaseExpired("hci-0001", LEASE)).isFalse();
  }

  @Test
  void aNodeThatRefusedALeaseNeverCountsAsFenced() {
    leases.refused("hci-0001");
    advance(Duration.ofDays(1));
    assertThat(leases.leaseExpired("hci-0001", LEASE)).isFalse();
  }

  @Test
  void answersResetTheSilence() {
    advance(Duration.ofSeconds(10));
    leases.answered("hci-0001");
    advance(Duration.ofSeconds(1));
    assertThat(leases.silentFor("hci-0001")).isEqualTo(Duration.ofSeconds(1));
    assertThat(leases.fencedOn("hci-0001")).isEmpty();
    leases.granted("hci-0001", LEASE, List.of("ebs-1"));
    assertThat(leases.fencedOn("hci-0001")).containsExactly("ebs-1");
  }
}
