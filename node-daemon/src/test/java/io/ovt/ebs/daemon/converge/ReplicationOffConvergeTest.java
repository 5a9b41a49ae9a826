package io.ovt.ebs.daemon.converge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.Role;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replication turned off on simulated hosts: only the UpToDate primary, not exported, drops its
 * DRBD resource; its LV keeps the data and serves as a volume that is not replicated.
 */
class ReplicationOffConvergeTest {
  private static final long MIB = 1L << 20;
  private static final long SIZE = 64 * MIB;

  private final TwoHosts hosts = new TwoHosts();

  @Test
  void theUpToDatePrimaryDropsDrbdAndKeepsServingItsDataFromTheLv() throws Exception {
    inSync();
    hosts.a.write("r", 0, MIB, "kept");

    ObservedVolume dropped = hosts.onA.dropReplication("r");
    assertThat(dropped.drbd()).isNull();
    assertThat(hosts.a.drbd().configs()).isEmpty();
    assertThat(hosts.a.read("r")).containsExactly("kept");
    assertThat(hosts.onA.dropReplication("r").drbd()).as("again: nothing to do").isNull();

    ObservedVolume single =
        hosts.onA.converge(
            new DesiredVolume("r", SIZE, Provisioning.THIN, null, List.of(TwoHosts.export("r"))));
    assertThat(single.drbd()).isNull();
    assertThat(single.exports()).hasSize(1);
    assertThat(single.lv().sizeBytes()).as("the metadata room stays").isGreaterThan(SIZE);
    assertThat(hosts.a.read("r")).containsExactly("kept");
  }

  @Test
  void theSecondaryAnExportedOrAnInconsistentPrimaryIsRefused() throws Exception {
    inSync();
    assertThatThrownBy(() -> hosts.onB.dropReplication("r"))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
        .hasMessageContaining("only an UpToDate primary");
    hosts.onA.converge(replica(true, TwoHosts.export("r")));
    assertThatThrownBy(() -> hosts.onA.dropReplication("r"))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_IN_USE))
        .hasMessageContaining("exported");
    assertThat(hosts.a.drbd().configs()).as("nothing changed").hasSize(1);
    assertThatThrownBy(() -> hosts.onA.dropReplication("nope"))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  /** A replicated thin volume "r", primary on A, in sync with B. */
  private void inSync() throws StorageException {
    hosts.onB.converge(replica(false));
    hosts.onA.converge(replica(true));
    hosts.clock.advance(Duration.ofSeconds(30));
    hosts.onB.converge(replica(false));
    assertThat(hosts.onA.converge(replica(true)).drbd().role()).isEqualTo(Role.PRIMARY);
  }

  private static DesiredVolume replica(boolean onA, io.ovt.ebs.nodeapi.DesiredExport... exports) {
    return TwoHosts.replicated(
        "r",
        SIZE,
        Provisioning.THIN,
        onA,
        onA ? Role.PRIMARY : Role.SECONDARY,
        InitialSync.ZEROED,
        exports);
  }
}
