package io.ovt.ebs.daemon.fencing;

import static io.ovt.ebs.daemon.converge.TwoHosts.GIB;
import static io.ovt.ebs.daemon.converge.TwoHosts.export;
import static io.ovt.ebs.daemon.converge.TwoHosts.replicated;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.daemon.converge.TwoHosts;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.DrbdTool;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.sim.SimOperation;
import io.ovt.ebs.daemon.sim.SimWrite;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.Role;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watchdog's check on simulated hosts, on a lease clock the test moves. */
class FencingCheckTest {
  private static final long MIB = 1L << 20;
  private static final Duration LEASE = Duration.ofSeconds(10);

  private final TwoHosts hosts = new TwoHosts();
  private final AtomicLong nanos = new AtomicLong();
  private final List<String> drbdCalls = new CopyOnWriteArrayList<>();
  private Fencing fencing;

  /** v1 replicated and in sync, primary and exported on a; a's fencing sees every DRBD call. */
  @BeforeEach
  void primaryOnA() throws StorageException {
    hosts.onB.converge(
        replicated("v1", GIB, Provisioning.THIN, false, Role.SECONDARY, InitialSync.ZEROED));
    hosts.onA.converge(
        replicated(
            "v1", GIB, Provisioning.THIN, true, Role.PRIMARY, InitialSync.ZEROED, export("v1")));
    fencing =
        new Fencing(counting(hosts.a.drbd()), new FencingLease(nanos::get, LeaseStore.inMemory()));
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  private void cut() {
    hosts.network.cut("10.0.10.21", "10.0.10.22");
  }

  @Test
  void aPrimaryWhoseLeaseRunsOutAfterItsPeerWasCutIsFencedAndItsWritesAreHeld()
      throws StorageException {
    assertThat(fencing.renew(LEASE).fencedVolumes()).isEmpty();
    drbdCalls.clear();
    cut();
    advance(Duration.ofMillis(8_999));
    assertThat(fencing.check()).isEmpty();
    assertThat(drbdCalls).as("no command while the lease is valid").isEmpty();
    advance(Duration.ofMillis(1)); // the margin: 1 s before the end
    assertThat(fencing.check()).containsExactly("v1");
    assertThat(drbdCalls).containsExactly("status", "suspendIo");
    assertThat(drbd().ioSuspended()).isTrue();
    SimWrite write = hosts.a.submitWrite("v1", 0, MIB, "after the fence");
    assertThat(write.state()).isEqualTo(SimWrite.State.HELD);
    assertThat(fencing.held()).containsExactly("v1");
    assertThat(fencing.renew(LEASE).fencedVolumes())
        .as("a renewal alone does not end a fence")
        .containsExactly("v1");
    advance(Duration.ofSeconds(30));
    drbdCalls.clear();
    assertThat(fencing.check()).as("fenced once").isEmpty();
    assertThat(drbdCalls).containsExactly("status");
    assertThat(write.state()).isEqualTo(SimWrite.State.HELD);
  }

  @Test
  void aPrimaryWhosePeerIsConnectedIsNotFencedWhenItsLeaseRunsOut() throws StorageException {
    fencing.renew(LEASE);
    advance(Duration.ofMinutes(1));
    assertThat(fencing.check()).isEmpty();
    assertThat(drbd().ioSuspended()).isFalse();
    hosts.a.write("v1", 0, MIB, "still served");
    assertThat(hosts.b.read("v1")).containsExactly("still served");
    cut();
    assertThat(fencing.check()).as("the moment the peer is lost").containsExactly("v1");
  }

  @Test
  void aNodeWhoseLeaseWasNeverGrantedNeverFences() throws StorageException {
    cut();
    advance(Duration.ofHours(1));
    assertThat(fencing.check()).isEmpty();
    assertThat(drbdCalls).isEmpty();
    hosts.a.write("v1", 0, MIB, "unfenced");
  }

  @Test
  void aFailedSuspendIsTriedAgainOnTheNextCheck() throws StorageException {
    fencing.renew(LEASE);
    cut();
    advance(LEASE);
    hosts.a.faults().failNext(SimOperation.DRBD_SUSPEND_IO, "Device or resource busy");
    assertThat(fencing.check()).isEmpty();
    assertThat(fencing.held()).isEmpty();
    assertThat(fencing.check()).containsExactly("v1");
  }

  @Test
  void aRestartedDaemonTakesOverWhatItsPredecessorFenced() throws StorageException {
    fencing.renew(LEASE);
    cut();
    advance(LEASE);
    fencing.check();
    Fencing next = new Fencing(hosts.a.drbd(), new FencingLease(nanos::get, LeaseStore.inMemory()));
    next.adopt(hosts.a.drbd().status(), java.util.Set.of());
    assertThat(next.held()).containsExactly("v1");
  }

  private DrbdResourceStatus drbd() throws StorageException {
    return hosts.a.drbd().status().get(0);
  }

  /** The tool, recording the name of every call. */
  private DrbdTool counting(DrbdTool real) {
    return (DrbdTool)
        Proxy.newProxyInstance(
            DrbdTool.class.getClassLoader(),
            new Class<?>[] {DrbdTool.class},
            (proxy, method, args) -> {
              drbdCalls.add(method.getName());
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
