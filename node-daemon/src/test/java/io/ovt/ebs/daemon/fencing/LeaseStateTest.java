package io.ovt.ebs.daemon.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.daemon.fencing.LeaseState.Phase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The lease's phases and margin, from clock readings alone. */
class LeaseStateTest {
  private static final long MS = 1_000_000;

  @Test
  void theMarginIsAQuarterOfTheLeaseAndAtMostOneSecond() {
    assertThat(LeaseState.margin(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(250));
    assertThat(LeaseState.margin(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(500));
    assertThat(LeaseState.margin(Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(1));
    assertThat(LeaseState.margin(Duration.ofSeconds(15))).isEqualTo(Duration.ofSeconds(1));
    assertThat(LeaseState.margin(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aLeaseIsValidThenEndingWithinTheMarginThenExpired() {
    Duration lease = Duration.ofSeconds(10);
    long granted = 5_000 * MS; // any origin: only differences count
    assertThat(LeaseState.at(granted, granted, lease).phase()).isEqualTo(Phase.VALID);
    assertThat(LeaseState.at(granted + 8_999 * MS, granted, lease).phase()).isEqualTo(Phase.VALID);
    assertThat(LeaseState.at(granted + 9_000 * MS, granted, lease).phase()).isEqualTo(Phase.ENDING);
    assertThat(LeaseState.at(granted + 9_999 * MS, granted, lease).phase()).isEqualTo(Phase.ENDING);
    assertThat(LeaseState.at(granted + 10_000 * MS, granted, lease).phase())
        .isEqualTo(Phase.EXPIRED);
    LeaseState late = LeaseState.at(granted + 12_500 * MS, granted, lease);
    assertThat(late.phase()).isEqualTo(Phase.EXPIRED);
    assertThat(late.age()).isEqualTo(Duration.ofMillis(12_500));
    assertThat(late.remaining()).isEqualTo(Duration.ofMillis(-2_500));
  }

  @Test
  void fencingHappensWhenEndingOrExpiredAndAFencedPrimaryMayServeOnlyWhenValidOrUnarmed() {
    Duration lease = Duration.ofSeconds(2);
    LeaseState valid = LeaseState.at(0, 0, lease);
    LeaseState ending = LeaseState.at(1_600 * MS, 0, lease);
    LeaseState expired = LeaseState.at(3_000 * MS, 0, lease);
    LeaseState unarmed = LeaseState.unarmed();
    assertThat(ending.phase()).isEqualTo(Phase.ENDING);
    assertThat(valid.mustFence()).isFalse();
    assertThat(unarmed.mustFence()).isFalse();
    assertThat(ending.mustFence()).isTrue();
    assertThat(expired.mustFence()).isTrue();
    assertThat(valid.valid()).isTrue();
    assertThat(unarmed.valid()).isTrue();
    assertThat(ending.valid()).isFalse();
    assertThat(expired.valid()).isFalse();
  }
}
