package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.VolumeExport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attach and detach with CHAP on real LIO and tgt, through custom resources only: a replicated
 * volume exported with credentials from a Secret, a client VM that logs in with iscsiadm only with
 * the right ones, detach (the target and ACL gone from the node), re-attach with the data intact,
 * and a rotated password applied on tgt after a switchover.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExportAuthIT {
  private static final String NS = E2eResources.NS;
  private static final Duration READY = OperatorOnVms.READY;
  private static final String TGT_HOST = Topology.HCI_2;
  private static final String USER = "nova-compute";
  private static final String PASSWORD = "s3cret-Chap-01";
  private static final String ROTATED = "r0tated-Chap-02";
  private static final String PORTAL_1 =
      Topology.portalAddress(Topology.HCI_1) + ":" + Topology.ISCSI_PORT;
  private static final String PORTAL_2 =
      Topology.portalAddress(Topology.HCI_2) + ":" + Topology.ISCSI_PORT;

  @RegisterExtension static final VmClusterExtension VMS = new VmClusterExtension();

  private OperatorOnVms ops;
  private VmCluster cluster;
  private KubernetesClient client;
  private Vm clientVm;
  private String iqn;
  private String checksum;

  @BeforeAll
  void startStorageAndOperator() {
    ops = new OperatorOnVms(VMS.cluster(), TGT_HOST);
    cluster = ops.cluster;
    client = ops.client;
    clientVm = cluster.vm(Topology.CLIENT);
  }

  @AfterAll
  void stop() {
    if (ops != null) {
      ops.close();
    }
  }

  @Test
  @Order(1)
  void aChapExportAdmitsOnlyTheRightCredentialsOnLio() {
    client.resource(E2eResources.volume("chap", "64Mi", Provisioning.THIN)).create();
    ops.awaitVolumeReady("chap");
    client.resource(secret(PASSWORD)).create();
    client.resource(export("attach")).create();
    VolumeExport exported = ops.awaitExportOn("attach", Topology.HCI_1);
    iqn = exported.getStatus().getTargetIqn();
    assertThat(exported.getStatus().getAuthMethod()).isEqualTo("CHAP");
    assertThat(exported.getStatus().getAuthUsername()).isEqualTo(USER);
    assertThat(exported.getStatus().getAuthSecret()).isEqualTo("client-chap");
    assertThat(Serialization.asYaml(exported)).doesNotContain(PASSWORD);
    printLioAuth();

    ExecResult wrong = IscsiClient.tryChapLogin(clientVm, PORTAL_1, iqn, USER, "wr0ng-password");
    System.out.println("login with a wrong password on LIO: exit " + wrong.exitCode());
    assertThat(wrong.ok()).isFalse();
    assertThat(wrong.stderr()).contains("authorization failure");

    ExecResult right = IscsiClient.tryChapLogin(clientVm, PORTAL_1, iqn, USER, PASSWORD);
    assertThat(right.ok()).as(right.describe()).isTrue();
    String device =
        IscsiClient.awaitDevice(clientVm, PORTAL_1, iqn, exported.getStatus().getTargetLun());
    clientVm.execOk(
        List.of("dd", "if=/dev/urandom", "of=/tmp/data", "bs=1M", "count=16"),
        Duration.ofMinutes(2));
    clientVm.execOk(
        List.of("dd", "if=/tmp/data", "of=" + device, "bs=1M", "oflag=direct"),
        Duration.ofMinutes(3));
    checksum = IscsiClient.md5(clientVm, List.of("md5sum", "/tmp/data"));
    System.out.println("written through " + PORTAL_1 + " with CHAP: md5 " + checksum);
  }

  @Test
  @Order(2)
  void detachTakesTheTargetAndAclAwayWhileTheClientIsLoggedIn() {
    client.resources(VolumeExport.class).inNamespace(NS).withName("attach").delete();
    await("export deleted")
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                client.resources(VolumeExport.class).inNamespace(NS).withName("attach").get()
                    == null);
    String targets =
        cluster
            .vm(Topology.HCI_1)
            .execOk("sh", "-c", "ls /sys/kernel/config/target/iscsi 2>/dev/null; true")
            .stdout();
    assertThat(targets).as("LIO targets on hci-0001").doesNotContain(iqn);
    // The target closed the client's session; iscsid keeps trying to reopen it, in vain.
    await("the client's session to end")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                !clientVm
                    .exec(List.of("iscsiadm", "-m", "session", "-P", "1"))
                    .stdout()
                    .contains("iSCSI Session State: LOGGED_IN"));
    clientVm.exec(
        List.of("iscsiadm", "-m", "node", "-T", iqn, "-p", PORTAL_1, "--logout"),
        Duration.ofSeconds(60));
    clientVm.exec(
        List.of("iscsiadm", "-m", "node", "-T", iqn, "-p", PORTAL_1, "-o", "delete"),
        Duration.ofSeconds(60));
    ExecResult again =
        clientVm.exec(
            List.of("iscsiadm", "-m", "discovery", "-t", "sendtargets", "-p", PORTAL_1),
            Duration.ofSeconds(60));
    System.out.println("discovery after detach: " + again.stdout().strip());
    assertThat(again.stdout()).doesNotContain(iqn);
  }

  @Test
  @Order(3)
  void reattachLogsInAgainAndReadsTheSameData() {
    client.resource(export("attach-again")).create();
    VolumeExport exported = ops.awaitExportOn("attach-again", Topology.HCI_1);
    assertThat(exported.getStatus().getTargetIqn()).isEqualTo(iqn);
    ExecResult login = IscsiClient.tryChapLogin(clientVm, PORTAL_1, iqn, USER, PASSWORD);
    assertThat(login.ok()).as(login.describe()).isTrue();
    String device =
        IscsiClient.awaitDevice(clientVm, PORTAL_1, iqn, exported.getStatus().getTargetLun());
    String readBack = readMd5(device);
    System.out.println("read after re-attach: md5 " + readBack);
    assertThat(readBack).isEqualTo(checksum);
    IscsiClient.logout(clientVm, PORTAL_1, iqn);
    captureLioTree("lio-configfs-chap.txt");
  }

  @Test
  @Order(4)
  void droppingChapFromTheExportClearsItOnLioAndAdmitsTheInitiatorWithoutIt() {
    editChapSecret(null);
    awaitAuth(Topology.HCI_1, null);
    String tpg = "/sys/kernel/config/target/iscsi/" + iqn + "/tpgt_1";
    Vm lio = cluster.vm(Topology.HCI_1);
    String userid = lio.readString(tpg + "/acls/" + Topology.CLIENT_IQN + "/auth/userid").strip();
    System.out.println("LIO after CHAP was dropped: auth/userid '" + userid + "'");
    assertThat(lio.readString(tpg + "/attrib/authentication").strip()).isEqualTo("0");
    assertThat(userid).isIn("", "NULL");
    captureLioTree("lio-configfs-chap-cleared.txt");
    String device = IscsiClient.login(clientVm, PORTAL_1, iqn, 0);
    assertThat(readMd5(device)).isEqualTo(checksum);
    IscsiClient.logout(clientVm, PORTAL_1, iqn);

    editChapSecret("client-chap");
    awaitAuth(Topology.HCI_1, USER);
  }

  @Test
  @Order(5)
  void onTgtAfterASwitchoverARotatedPasswordIsAppliedAndTheOldOneRefused() {
    client
        .resources(FailoverPolicy.class)
        .withName("hci-pair")
        .edit(
            p -> {
              p.getSpec().setActiveBackend("hci-0002@EBS");
              return p;
            });
    VolumeExport moved = ops.awaitExportOn("attach-again", TGT_HOST);
    assertThat(moved.getStatus().getAuthUsername()).isEqualTo(USER);
    int lun = moved.getStatus().getTargetLun();
    client.resource(secret(ROTATED)).update();
    await("a login with the rotated password")
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(3))
        .until(() -> IscsiClient.tryChapLogin(clientVm, PORTAL_2, iqn, USER, ROTATED).ok());
    String readBack = readMd5(IscsiClient.awaitDevice(clientVm, PORTAL_2, iqn, lun));
    System.out.println("read through tgt with the rotated password: md5 " + readBack);
    assertThat(readBack).isEqualTo(checksum);
    IscsiClient.logout(clientVm, PORTAL_2, iqn);

    ExecResult old = IscsiClient.tryChapLogin(clientVm, PORTAL_2, iqn, USER, PASSWORD);
    System.out.println("login with the old password on tgt: exit " + old.exitCode());
    assertThat(old.ok()).isFalse();
    assertThat(old.stderr()).contains("authorization failure");

    Vm tgtVm = cluster.vm(TGT_HOST);
    String show =
        tgtVm.execOk("tgtadm", "--lld", "iscsi", "--mode", "target", "--op", "show").stdout();
    String accounts =
        tgtVm.execOk("tgtadm", "--lld", "iscsi", "--mode", "account", "--op", "show").stdout();
    System.out.println("tgt with CHAP:\n" + show + "\n" + accounts);
    assertThat(show).contains("Account information:\n        " + USER);
    capture("tgtadm-show-chap.txt", show);
    capture("tgtadm-account-show.txt", accounts);
    assertThat(tgtVm.execOk("stat", "-c", "%a", "/var/lib/ebs/tgt-chap.json").stdout().strip())
        .as("the recorded credentials are root's only")
        .isEqualTo("600");
  }

  @Test
  @Order(6)
  void detachOnTgtRemovesTheTargetAndItsAccount() {
    client.resources(VolumeExport.class).inNamespace(NS).withName("attach-again").delete();
    await("export deleted")
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                client.resources(VolumeExport.class).inNamespace(NS).withName("attach-again").get()
                    == null);
    Vm tgtVm = cluster.vm(TGT_HOST);
    assertThat(
            tgtVm.execOk("tgtadm", "--lld", "iscsi", "--mode", "target", "--op", "show").stdout())
        .doesNotContain(iqn);
    assertThat(
            tgtVm.execOk("tgtadm", "--lld", "iscsi", "--mode", "account", "--op", "show").stdout())
        .doesNotContain(USER);
    assertThat(ops.daemonLogs())
        .as("the daemons' logs")
        .doesNotContain(PASSWORD)
        .doesNotContain(ROTATED);
  }

  private void editChapSecret(String secret) {
    // The operator writes the export's status meanwhile: retry an edit that lost the race.
    await("spec.chapSecret set")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                java.util.Objects.equals(
                    secret,
                    client
                        .resources(VolumeExport.class)
                        .inNamespace(NS)
                        .withName("attach-again")
                        .edit(
                            e -> {
                              e.getSpec().setChapSecret(secret);
                              return e;
                            })
                        .getSpec()
                        .getChapSecret()));
  }

  /** Waits until the export is Ready on the node with that CHAP user (null: without CHAP). */
  private void awaitAuth(String node, String user) {
    await("export with CHAP user " + user)
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              VolumeExport e =
                  client
                      .resources(VolumeExport.class)
                      .inNamespace(NS)
                      .withName("attach-again")
                      .get();
              return node.equals(e.getStatus().getNode())
                  && Conditions.isTrue(e.getStatus(), ConditionType.Ready)
                  && java.util.Objects.equals(user, e.getStatus().getAuthUsername());
            });
  }

  /**
   * Saves LIO's tree of the target (folders, links, and the files the reader reads) in the format
   * LioConfigfsTest rebuilds, when asked (-Debs.e2e.captureDir=...).
   */
  private void captureLioTree(String file) {
    if (System.getProperty("ebs.e2e.captureDir", "").isBlank()) {
      return;
    }
    String script =
        "cd /sys/kernel/config/target && "
            + "find ./iscsi/IQN/tpgt_1/acls ./iscsi/IQN/tpgt_1/np ./iscsi/IQN/tpgt_1/lun"
            + " \\( -type d -o -type l \\) -not -path '*/statistics*' -not -path '*/attrib*'"
            + " -not -path '*/param*' -not -path '*/fabric_statistics*' -not -path '*/auth'"
            + " -printf '%y %p %l\\n' && "
            + "for f in core/iblock_*/*/udev_path iscsi/IQN/tpgt_1/attrib/authentication"
            + " iscsi/IQN/tpgt_1/acls/*/auth/userid iscsi/IQN/tpgt_1/acls/*/auth/password; do"
            + " printf 'content %s %s\\n' \"$f\" \"$(cat $f)\"; done";
    String tree =
        cluster
            .vm(Topology.HCI_1)
            .execOk(List.of("sh", "-c", script.replace("IQN", iqn)), Duration.ofSeconds(30))
            .stdout();
    capture(file, tree);
  }

  private Secret secret(String password) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("client-chap")
        .withNamespace(NS)
        .endMetadata()
        .withStringData(Map.of("username", USER, "password", password))
        .build();
  }

  private static VolumeExport export(String name) {
    VolumeExport export = E2eResources.export(name, "chap");
    export.getSpec().setChapSecret("client-chap");
    return export;
  }

  private String readMd5(String device) {
    return IscsiClient.md5(
        clientVm,
        List.of(
            "sh", "-c", "dd if=" + device + " bs=1M count=16 iflag=direct 2>/dev/null | md5sum"));
  }

  /** LIO's CHAP as configfs holds it, printed with the password masked. */
  private void printLioAuth() {
    Vm vm = cluster.vm(Topology.HCI_1);
    String tpg = "/sys/kernel/config/target/iscsi/" + iqn + "/tpgt_1";
    String acl = tpg + "/acls/" + Topology.CLIENT_IQN + "/auth";
    String authentication = vm.readString(tpg + "/attrib/authentication").strip();
    String userid = vm.readString(acl + "/userid").strip();
    String password = vm.readString(acl + "/password").strip();
    System.out.println(
        "LIO on hci-0001: attrib/authentication="
            + authentication
            + " acl auth/userid="
            + userid
            + " auth/password "
            + (password.equals(PASSWORD) ? "set as asked" : "DIFFERS"));
    assertThat(authentication).isEqualTo("1");
    assertThat(userid).isEqualTo(USER);
    assertThat(password).isEqualTo(PASSWORD);
  }

  /** Saves a real output for the parser tests when asked (-Debs.e2e.captureDir=...). */
  private static void capture(String file, String content) {
    String dir = System.getProperty("ebs.e2e.captureDir");
    if (dir != null && !dir.isBlank()) {
      try {
        java.nio.file.Files.writeString(Path.of(dir).resolve(file), content);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
