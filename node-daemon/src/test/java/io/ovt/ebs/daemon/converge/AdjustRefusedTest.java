package io.ovt.ebs.daemon.converge;

import static io.ovt.ebs.daemon.converge.TwoHosts.GIB;
import static io.ovt.ebs.daemon.converge.TwoHosts.replicated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.sim.SimOperation;
import io.ovt.ebs.nodeapi.DesiredDrbd;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.DrbdProtocol;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.Role;
import org.junit.jupiter.api.Test;

/**
 * A changed DRBD configuration that the kernel refuses to adjust to (found on real DRBD 8.4: a
 * protocol change it refused) leaves the record as the kernel runs it, so the refusal is answered
 * again on every PUT instead of the written file passing for the running state.
 */
class AdjustRefusedTest {
  private final TwoHosts hosts = new TwoHosts();

  @Test
  void aRefusedAdjustPutsThePreviousFileBackAndTheNextPutTriesAgain() throws StorageException {
    DesiredVolume a =
        replicated("v1", GIB, Provisioning.THIN, true, Role.PRIMARY, InitialSync.ZEROED);
    DesiredVolume b =
        replicated("v1", GIB, Provisioning.THIN, false, Role.SECONDARY, InitialSync.ZEROED);
    hosts.onA.converge(a);
    hosts.onB.converge(b);
    assertThat(hosts.onA.converge(a).drbd().role()).isEqualTo(Role.PRIMARY);
    assertThat(protocolOn(hosts.a)).isEqualTo(DrbdProtocol.C);

    DesiredVolume async = withProtocol(a, DrbdProtocol.A);
    hosts.a.faults().failNext(SimOperation.DRBD_ADJUST, "Failure: (154) Fencing policy refused");
    assertThatThrownBy(() -> hosts.onA.converge(async))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("(154)");
    assertThat(protocolOn(hosts.a))
        .as("the record is what the kernel runs")
        .isEqualTo(DrbdProtocol.C);

    hosts.onA.converge(async);
    assertThat(protocolOn(hosts.a)).isEqualTo(DrbdProtocol.A);
  }

  private static DesiredVolume withProtocol(DesiredVolume v, DrbdProtocol protocol) {
    DesiredDrbd d = v.drbd();
    return new DesiredVolume(
        v.name(),
        v.sizeBytes(),
        v.provisioning(),
        new DesiredDrbd(
            d.minor(),
            d.port(),
            protocol,
            d.localAddress(),
            d.peer(),
            d.role(),
            d.resyncRateKiB(),
            d.initialSync()),
        v.exports());
  }

  private static DrbdProtocol protocolOn(io.ovt.ebs.daemon.sim.SimulatedHost host)
      throws StorageException {
    return host.drbd().configs().stream()
        .filter(c -> c.name().equals("v1"))
        .map(DrbdResourceConfig::protocol)
        .findFirst()
        .orElseThrow();
  }
}
