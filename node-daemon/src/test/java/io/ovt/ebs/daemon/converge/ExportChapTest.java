package io.ovt.ebs.daemon.converge;

import static io.ovt.ebs.daemon.converge.TwoHosts.GIB;
import static io.ovt.ebs.daemon.converge.TwoHosts.replicated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.sim.SimOperation;
import io.ovt.ebs.nodeapi.DesiredExport;
import io.ovt.ebs.nodeapi.DesiredExport.Chap;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.Role;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CHAP on a simulated host's target: set, reported by user name, changed, dropped, enforced. */
class ExportChapTest {
  private static final String IQN = "iqn.2010-10.org.openstack:v1";
  private static final String PORTAL = "10.0.251.21:3260";
  private static final String CLIENT = "iqn.1993-08.org.debian:01:client";
  private static final Chap CHAP = new Chap("nova-compute", "s3cret-s3cret-1");

  private final TwoHosts hosts = new TwoHosts();

  @BeforeEach
  void replicatedAndInSync() throws StorageException {
    hosts.onB.converge(
        replicated("v1", GIB, Provisioning.THIN, false, Role.SECONDARY, InitialSync.ZEROED));
    hosts.onA.converge(primary(null));
  }

  private static DesiredVolume primary(Chap chap) {
    return replicated(
        "v1",
        GIB,
        Provisioning.THIN,
        true,
        Role.PRIMARY,
        InitialSync.ZEROED,
        new DesiredExport(IQN, 0, List.of(CLIENT), List.of(PORTAL), chap));
  }

  private void login(Chap credentials) throws StorageException {
    hosts.a.iscsiLogin(IQN, PORTAL, CLIENT, credentials);
  }

  @Test
  void withChapOnlyTheRightCredentialsLogInAndTheUserNameIsReported() throws StorageException {
    ObservedVolume seen = hosts.onA.converge(primary(CHAP));
    assertThat(seen.exports())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.chapUsername()).isEqualTo("nova-compute");
              assertThat(e.initiators()).containsExactly(CLIENT);
            });
    assertThatCode(() -> login(CHAP)).doesNotThrowAnyException();
    assertThatThrownBy(() -> login(new Chap("nova-compute", "wrong-password")))
        .isInstanceOf(StorageException.class)
        .satisfies(e -> assertThat(((StorageException) e).code()).isEqualTo(ErrorCode.UNAUTHORIZED))
        .hasMessageContaining("authorization failure");
    assertThatThrownBy(() -> login(null)).hasMessageContaining("authorization failure");
    assertThatThrownBy(() -> hosts.a.iscsiLogin(IQN, PORTAL, "iqn.1993-08.org.debian:01:x", CHAP))
        .hasMessageContaining("authorization failure");
  }

  @Test
  void aConvergedChapExportRunsNothingAgain() throws StorageException {
    hosts.onA.converge(primary(CHAP));
    for (SimOperation operation : SimOperation.values()) {
      hosts.a.faults().failAlways(operation, "must not run");
    }
    assertThat(hosts.onA.converge(primary(CHAP)).exports().get(0).chapUsername())
        .isEqualTo("nova-compute");
  }

  @Test
  void aChangedPasswordIsAppliedAndTheOldOneRefused() throws StorageException {
    hosts.onA.converge(primary(CHAP));
    Chap rotated = new Chap("nova-compute", "r0tated-secret-2");
    hosts.onA.converge(primary(rotated));
    assertThatThrownBy(() -> login(CHAP)).hasMessageContaining("authorization failure");
    assertThatCode(() -> login(rotated)).doesNotThrowAnyException();
  }

  @Test
  void droppingChapAdmitsTheInitiatorWithoutCredentials() throws StorageException {
    hosts.onA.converge(primary(CHAP));
    ObservedVolume seen = hosts.onA.converge(primary(null));
    assertThat(seen.exports().get(0).chapUsername()).isNull();
    assertThatCode(() -> login(null)).doesNotThrowAnyException();
  }

  @Test
  void theTargetOfARemovedExportRefusesEveryLogin() throws StorageException {
    hosts.onA.converge(primary(CHAP));
    hosts.onA.converge(
        replicated("v1", GIB, Provisioning.THIN, true, Role.PRIMARY, InitialSync.ZEROED));
    assertThatThrownBy(() -> login(CHAP)).hasMessageContaining("connection timed out");
  }

  @Test
  void theDaemonRefusesAMalformedSecretWithoutEchoingIt() {
    Chap bad = new Chap("nova-compute", "short");
    assertThatThrownBy(() -> hosts.onA.converge(primary(bad)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("CHAP password must be")
        .hasMessageNotContaining("short");
  }
}
