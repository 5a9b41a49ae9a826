package io.ovt.ebs.daemon.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.nodeapi.DesiredExport.Chap;
import java.util.List;
import org.junit.jupiter.api.Test;

class LioBatchTest {
  private static final String IQN = "iqn.2010-10.org.openstack:ebs-1";

  private static TargetSpec target(List<String> initiators, List<String> portals) {
    return new TargetSpec(IQN, "ebs-1", "/dev/drbd1000", 0, initiators, portals);
  }

  @Test
  void aNewTargetIsCreatedInOneBatchWithoutTheDefaultPortal() throws StorageException {
    String batch =
        LioBatch.ensure(
            target(
                List.of("iqn.1993-08.org.debian:01:c1"),
                List.of("10.0.251.21:3260", "10.0.252.21:3260")),
            null,
            null);
    assertThat(batch.split("\n"))
        .containsExactly(
            "/ set global auto_add_default_portal=false",
            "/backstores/block create name=ebs-1 dev=/dev/drbd1000",
            "/iscsi create " + IQN,
            "/iscsi/" + IQN + "/tpg1/luns create /backstores/block/ebs-1 lun=0",
            "/iscsi/" + IQN + "/tpg1/portals create 10.0.251.21 3260",
            "/iscsi/" + IQN + "/tpg1/portals create 10.0.252.21 3260",
            "/iscsi/" + IQN + "/tpg1/acls create iqn.1993-08.org.debian:01:c1",
            "/iscsi/" + IQN + "/tpg1 set attribute authentication=0",
            "exit");
  }

  @Test
  void anExistingTargetChangesOnlyItsDifferenceAndNothingWhenEqual() throws StorageException {
    TargetSpec existing =
        target(List.of("iqn.1993-08.org.debian:01:c1"), List.of("10.0.251.21:3260"));
    TargetSpec desired =
        target(List.of("iqn.1993-08.org.debian:01:c2"), List.of("10.0.251.21:3260"));
    assertThat(LioBatch.ensure(desired, existing, "/dev/drbd1000").split("\n"))
        .containsExactly(
            "/ set global auto_add_default_portal=false",
            "/iscsi/" + IQN + "/tpg1/acls delete iqn.1993-08.org.debian:01:c1",
            "/iscsi/" + IQN + "/tpg1/acls create iqn.1993-08.org.debian:01:c2",
            "exit");
    assertThat(LioBatch.ensure(existing, existing, "/dev/drbd1000")).isEmpty();
  }

  @Test
  void aLiveTargetsDeviceIsNeverSwapped() {
    TargetSpec existing = new TargetSpec(IQN, "ebs-1", "/dev/drbd1001", 0, List.of(), List.of());
    assertThatThrownBy(
            () -> LioBatch.ensure(target(List.of(), List.of()), existing, "/dev/drbd1001"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("never swapped");
  }

  private static final String C1 = "iqn.1993-08.org.debian:01:c1";
  private static final String C2 = "iqn.1993-08.org.debian:01:c2";
  private static final String PORTAL = "10.0.251.21:3260";
  private static final Chap CHAP = new Chap("nova-1", "s3cret-s3cret");

  private static TargetSpec withChap(List<String> initiators, Chap chap) {
    return new TargetSpec(IQN, "ebs-1", "/dev/drbd1000", 0, initiators, List.of(PORTAL), chap);
  }

  @Test
  void aNewTargetWithChapSetsTheCredentialsOnEachAclBeforeRequiringThem() throws StorageException {
    String batch = LioBatch.ensure(withChap(List.of(C1, C2), CHAP), null, null);
    assertThat(batch.split("\n"))
        .endsWith(
            "/iscsi/" + IQN + "/tpg1/acls create " + C1,
            "/iscsi/" + IQN + "/tpg1/acls create " + C2,
            "/iscsi/" + IQN + "/tpg1/acls/" + C1 + " set auth userid=nova-1 password=s3cret-s3cret",
            "/iscsi/" + IQN + "/tpg1/acls/" + C2 + " set auth userid=nova-1 password=s3cret-s3cret",
            "/iscsi/" + IQN + "/tpg1 set attribute authentication=1",
            "exit");
  }

  @Test
  void aNewAclOfATargetWithTheSameChapGetsOnlyItsOwnCredentials() throws StorageException {
    String batch =
        LioBatch.ensure(
            withChap(List.of(C1, C2), CHAP), withChap(List.of(C1), CHAP), "/dev/drbd1000");
    assertThat(batch.split("\n"))
        .containsExactly(
            "/ set global auto_add_default_portal=false",
            "/iscsi/" + IQN + "/tpg1/acls create " + C2,
            "/iscsi/" + IQN + "/tpg1/acls/" + C2 + " set auth userid=nova-1 password=s3cret-s3cret",
            "exit");
    assertThat(
            LioBatch.ensure(
                withChap(List.of(C1), CHAP), withChap(List.of(C1), CHAP), "/dev/drbd1000"))
        .isEmpty();
  }

  @Test
  void aChangedPasswordIsSetAgainOnEveryAcl() throws StorageException {
    Chap changed = new Chap("nova-1", "an0ther-secret");
    String batch =
        LioBatch.ensure(
            withChap(List.of(C1), changed), withChap(List.of(C1), CHAP), "/dev/drbd1000");
    assertThat(batch.split("\n"))
        .containsExactly(
            "/ set global auto_add_default_portal=false",
            "/iscsi/"
                + IQN
                + "/tpg1/acls/"
                + C1
                + " set auth userid=nova-1 password=an0ther-secret",
            "/iscsi/" + IQN + "/tpg1 set attribute authentication=1",
            "exit");
  }

  @Test
  void droppingChapStopsRequiringItThenClearsTheCredentials() throws StorageException {
    String batch =
        LioBatch.ensure(withChap(List.of(C1), null), withChap(List.of(C1), CHAP), "/dev/drbd1000");
    assertThat(batch.split("\n"))
        .containsExactly(
            "/ set global auto_add_default_portal=false",
            "/iscsi/" + IQN + "/tpg1 set attribute authentication=0",
            "/iscsi/" + IQN + "/tpg1/acls/" + C1 + " set auth userid=",
            "/iscsi/" + IQN + "/tpg1/acls/" + C1 + " set auth password=",
            "exit");
  }

  @Test
  void halfSetChapIsSetAgain() throws StorageException {
    String batch =
        LioBatch.ensure(
            withChap(List.of(C1), CHAP),
            withChap(List.of(C1), TargetSpec.UNSETTLED),
            "/dev/drbd1000");
    assertThat(batch).contains("set auth userid=nova-1").contains("authentication=1");
  }
}
