package io.ovt.ebs.daemon.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.fencing.LeaseState.Phase;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease on a clock the test moves, recorded in a state directory of its own. */
class FencingLeaseTest {
  @TempDir Path stateDir;
  private final AtomicLong nanos = new AtomicLong(42);
  private final NanoClock clock = nanos::get;

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void unarmedUntilTheFirstGrantThenArmedAndRecorded() throws Exception {
    FencingLease lease = new FencingLease(clock, new LeaseFile(stateDir));
    assertThat(lease.state().phase()).isEqualTo(Phase.UNARMED);
    advance(Duration.ofHours(1));
    assertThat(lease.state().phase()).as("never granted, never fences").isEqualTo(Phase.UNARMED);
    lease.grant(Duration.ofSeconds(10));
    assertThat(stateDir.resolve("fencing-lease")).hasContent("10000");
    advance(Duration.ofMillis(8_999));
    assertThat(lease.state().phase()).isEqualTo(Phase.VALID);
    advance(Duration.ofMillis(1));
    assertThat(lease.state().phase()).isEqualTo(Phase.ENDING);
    lease.grant(Duration.ofSeconds(10));
    assertThat(lease.state().phase()).as("a renewal counts from now").isEqualTo(Phase.VALID);
    advance(Duration.ofSeconds(11));
    assertThat(lease.state().phase()).isEqualTo(Phase.EXPIRED);
  }

  @Test
  void aRestartedDaemonCountsAFullLeaseFromItsOwnStartAndStillFences() throws Exception {
    new FencingLease(clock, new LeaseFile(stateDir)).grant(Duration.ofSeconds(15));
    advance(Duration.ofMinutes(5)); // down, then started again while isolated
    FencingLease restarted = new FencingLease(clock, new LeaseFile(stateDir));
    LeaseState atStart = restarted.state();
    assertThat(atStart.phase()).isEqualTo(Phase.VALID);
    assertThat(atStart.duration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(atStart.age()).isZero();
    advance(Duration.ofSeconds(14));
    assertThat(restarted.state().phase()).isEqualTo(Phase.ENDING);
  }

  @Test
  void renewalsOfTheSameLengthWriteNothingAndAFailedWriteGrantsNothing() throws Exception {
    AtomicInteger saves = new AtomicInteger();
    AtomicInteger failing = new AtomicInteger();
    LeaseStore store =
        new LeaseStore() {
          @Override
          public Optional<Duration> load() {
            return Optional.empty();
          }

          @Override
          public void save(Duration duration) throws IOException {
            if (failing.get() > 0) {
              throw new IOException("No space left on device");
            }
            saves.incrementAndGet();
          }
        };
    FencingLease lease = new FencingLease(clock, store);
    for (int i = 0; i < 5; i++) {
      lease.grant(Duration.ofSeconds(10));
    }
    assertThat(saves).hasValue(1);
    advance(Duration.ofSeconds(9));
    failing.set(1);
    assertThatThrownBy(() -> lease.grant(Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.COMMAND_FAILED))
        .hasMessageContaining("No space left on device");
    assertThat(lease.state().phase())
        .as("the old lease, not extended by a grant a restart would forget")
        .isEqualTo(Phase.ENDING);
  }

  @Test
  void onlyOneSecondToTenMinutesIsGranted() throws Exception {
    FencingLease lease = new FencingLease(clock, LeaseStore.inMemory());
    for (Duration bad : new Duration[] {Duration.ofMillis(999), Duration.ofMillis(600_001)}) {
      assertThatThrownBy(() -> lease.grant(bad))
          .isInstanceOfSatisfying(
              StorageException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
    assertThat(lease.state().phase()).isEqualTo(Phase.UNARMED);
    lease.grant(Duration.ofMillis(1000));
    lease.grant(Duration.ofMillis(600_000));
    assertThat(lease.state().duration()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void anUnreadableRecordArmsTheShortestLease() throws Exception {
    Files.writeString(stateDir.resolve("fencing-lease"), "garbage\n");
    LeaseState state = new FencingLease(clock, new LeaseFile(stateDir)).state();
    assertThat(state.phase()).isEqualTo(Phase.VALID);
    assertThat(state.duration()).isEqualTo(FencingLease.MIN);
  }
}
