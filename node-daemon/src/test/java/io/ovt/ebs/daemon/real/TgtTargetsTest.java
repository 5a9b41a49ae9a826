package io.ovt.ebs.daemon.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.command.CommandResult;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.nodeapi.DesiredExport.Chap;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tgt as tgtadm 1.0.85 printed it in a VM, and the commands the wrapper sends it. */
class TgtTargetsTest {
  @TempDir Path dir;

  @Test
  void theShowOutputGivesDataLunsAndBoundInitiators() {
    List<TgtShow.Target> targets = TgtShow.parse(RealOutputs.read("tgtadm-show.txt"));
    assertThat(targets).extracting(TgtShow.Target::tid).containsExactly(1, 2);
    TgtShow.Target first = targets.get(0);
    assertThat(first.iqn()).isEqualTo("iqn.2010-10.org.openstack:ebs-x");
    assertThat(first.luns()).containsExactly(new TgtShow.Lun(1, "/dev/volumes/ebs-x", 67));
    assertThat(first.initiators())
        .containsExactly(
            "iqn.1993-08.org.debian:01:ebs-e2e-client", "iqn.1993-08.org.debian:01:other");
    assertThat(targets.get(1).luns()).isEmpty();
    assertThat(targets.get(1).initiators()).isEmpty();
    assertThat(TgtShow.parse(RealOutputs.read("tgtadm-show-empty.txt"))).isEmpty();
    assertThat(TgtTargets.classify(RealOutputs.read("stderr-tgtadm-new-target-tid-in-use.txt")))
        .isEqualTo(ErrorCode.CONFLICT);
  }

  @Test
  void aTargetIsListedWithItsVolumeAndThePortalsPromisedForIt() throws StorageException {
    ScriptedCommandRunner runner =
        new ScriptedCommandRunner()
            .ok(
                RealOutputs.read("tgtadm-show.txt"),
                "tgtadm",
                "--lld",
                "iscsi",
                "--mode",
                "target",
                "--op",
                "show");
    TgtTargets tgt = new TgtTargets(runner, dir.resolve("portals.json"));
    TargetSpec desired =
        new TargetSpec(
            "iqn.2010-10.org.openstack:ebs-x",
            "ebs-x",
            "/dev/volumes/ebs-x",
            1,
            List.of("iqn.1993-08.org.debian:01:ebs-e2e-client"),
            List.of("10.0.252.22:3260"));
    tgt.ensure(desired);
    assertThat(runner.argvs())
        .contains(
            List.of(
                "tgtadm",
                "--lld",
                "iscsi",
                "--op",
                "unbind",
                "--mode",
                "target",
                "--tid",
                "1",
                "--initiator-name",
                "iqn.1993-08.org.debian:01:other"))
        .noneMatch(argv -> argv.contains("logicalunit"));
    TargetSpec listed = tgt.list().get(0);
    assertThat(listed.backstore()).isEqualTo("ebs-x");
    assertThat(listed.lun()).isEqualTo(1);
    assertThat(listed.portals()).containsExactly("10.0.252.22:3260");
  }

  @Test
  void aNewTargetTakesTheNextTidThenItsLunAndAcls() throws StorageException {
    ScriptedCommandRunner runner =
        new ScriptedCommandRunner()
            .ok(
                RealOutputs.read("tgtadm-show.txt"),
                "tgtadm",
                "--lld",
                "iscsi",
                "--mode",
                "target",
                "--op",
                "show");
    new TgtTargets(runner, dir.resolve("portals.json"))
        .ensure(
            new TargetSpec(
                "iqn.2010-10.org.openstack:ebs-new",
                "ebs-new",
                "/dev/drbd1001",
                1,
                List.of("iqn.1993-08.org.debian:01:c"),
                List.of("10.0.252.22:3260")));
    assertThat(runner.argvs())
        .containsSubsequence(
            List.of(
                "tgtadm",
                "--lld",
                "iscsi",
                "--op",
                "new",
                "--mode",
                "target",
                "--tid",
                "3",
                "--targetname",
                "iqn.2010-10.org.openstack:ebs-new"),
            List.of(
                "tgtadm",
                "--lld",
                "iscsi",
                "--op",
                "new",
                "--mode",
                "logicalunit",
                "--tid",
                "3",
                "--lun",
                "1",
                "--backing-store",
                "/dev/drbd1001"),
            List.of(
                "tgtadm",
                "--lld",
                "iscsi",
                "--op",
                "bind",
                "--mode",
                "target",
                "--tid",
                "3",
                "--initiator-name",
                "iqn.1993-08.org.debian:01:c"));
  }

  @Test
  void aFailedAccountCommandNeverShowsThePassword() {
    String password = "s3cret-s3cret-9";
    ScriptedCommandRunner runner =
        new ScriptedCommandRunner()
            .ok(
                RealOutputs.read("tgtadm-show-empty.txt"),
                "tgtadm",
                "--lld",
                "iscsi",
                "--mode",
                "target",
                "--op",
                "show")
            .answer(
                new CommandResult(22, "", "tgtadm: can't create account " + password + "\n"),
                "tgtadm",
                "--lld",
                "iscsi",
                "--op",
                "new",
                "--mode",
                "account");
    TgtTargets tgt = new TgtTargets(runner, dir.resolve("portals.json"));
    TargetSpec desired =
        new TargetSpec(
            "iqn.2010-10.org.openstack:ebs-new",
            "ebs-new",
            "/dev/drbd1001",
            1,
            List.of("iqn.1993-08.org.debian:01:c"),
            List.of("10.0.252.22:3260"),
            new Chap("nova-compute", password));
    assertThatThrownBy(() -> tgt.ensure(desired))
        .isInstanceOf(StorageException.class)
        .satisfies(
            e -> {
              StorageException failure = (StorageException) e;
              assertThat(failure.getMessage()).doesNotContain(password).contains("***");
              assertThat(failure.command()).doesNotContain(password).contains("***");
              assertThat(failure.stderr()).doesNotContain(password);
            });
    assertThat(runner.argvs())
        .as("the account is made before any initiator is bound")
        .noneMatch(argv -> argv.contains("--initiator-name"));
  }

  private static final String CHAP_IQN =
      "iqn.2010-10.org.openstack:ebs-00000000-0000-0000-0000-0000000000f5";

  @Test
  void theShowOutputsGiveTheBoundAndTheHostsAccounts() {
    TgtShow.Target target = TgtShow.parse(RealOutputs.read("tgtadm-show-chap.txt")).get(0);
    assertThat(target.iqn()).isEqualTo(CHAP_IQN);
    assertThat(target.accounts()).containsExactly("nova-compute");
    assertThat(target.initiators()).containsExactly("iqn.1993-08.org.debian:01:ebs-e2e-client");
    assertThat(TgtShow.parse(RealOutputs.read("tgtadm-show.txt")).get(0).accounts()).isEmpty();
    assertThat(TgtShow.parseAccounts(RealOutputs.read("tgtadm-account-show.txt")))
        .containsExactly("nova-compute");
  }

  private ScriptedCommandRunner chapHost() {
    return new ScriptedCommandRunner()
        .ok(
            RealOutputs.read("tgtadm-show-chap.txt"),
            "tgtadm",
            "--lld",
            "iscsi",
            "--mode",
            "target",
            "--op",
            "show")
        .ok(
            RealOutputs.read("tgtadm-account-show.txt"),
            "tgtadm",
            "--lld",
            "iscsi",
            "--mode",
            "account",
            "--op",
            "show");
  }

  private static TargetSpec chapTarget(Chap chap) {
    return new TargetSpec(
        CHAP_IQN,
        "ebs-00000000-0000-0000-0000-0000000000f5",
        "/dev/drbd1000",
        1,
        List.of("iqn.1993-08.org.debian:01:ebs-e2e-client"),
        List.of("10.0.252.22:3260"),
        chap);
  }

  @Test
  void aRecordedAccountIsReportedAndARotatedPasswordMakesItAnew() throws Exception {
    Chap old = new Chap("nova-compute", "s3cret-Chap-01");
    java.nio.file.Files.writeString(
        dir.resolve("tgt-chap.json"),
        "{\"" + CHAP_IQN + "\":{\"username\":\"nova-compute\",\"password\":\"s3cret-Chap-01\"}}");
    ScriptedCommandRunner runner = chapHost();
    TgtTargets tgt = new TgtTargets(runner, dir.resolve("portals.json"));
    assertThat(tgt.list().get(0).chap()).isEqualTo(old);
    assertThat(tgt.list().get(0).chapUsername()).isEqualTo("nova-compute");

    tgt.ensure(chapTarget(old));
    assertThat(runner.argvs())
        .noneMatch(argv -> argv.contains("account") && !argv.contains("show"));

    Chap rotated = new Chap("nova-compute", "r0tated-Chap-02");
    tgt.ensure(chapTarget(rotated));
    List<String> base = List.of("tgtadm", "--lld", "iscsi");
    assertThat(runner.argvs())
        .containsSubsequence(
            concat(
                base,
                "--op",
                "unbind",
                "--mode",
                "account",
                "--tid",
                "1",
                "--user",
                "nova-compute"),
            concat(base, "--op", "delete", "--mode", "account", "--user", "nova-compute"),
            concat(
                base,
                "--op",
                "new",
                "--mode",
                "account",
                "--user",
                "nova-compute",
                "--password",
                "r0tated-Chap-02"),
            concat(
                base, "--op", "bind", "--mode", "account", "--tid", "1", "--user", "nova-compute"));
    assertThat(runner.ran)
        .filteredOn(c -> c.argv().contains("--password"))
        .allSatisfy(c -> assertThat(c.shownArgv()).doesNotContain("r0tated-Chap-02"));
    assertThat(java.nio.file.Files.readString(dir.resolve("tgt-chap.json"))).contains("r0tated");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(dir.resolve("tgt-chap.json"))))
        .isEqualTo("rw-------");
  }

  @Test
  void anAccountBoundWithoutARecordIsUnsettledAndAUserOfAnotherTargetIsRefused() throws Exception {
    ScriptedCommandRunner runner = chapHost();
    TgtTargets tgt = new TgtTargets(runner, dir.resolve("portals.json"));
    assertThat(tgt.list().get(0).chap()).isEqualTo(TargetSpec.UNSETTLED);
    java.nio.file.Files.writeString(
        dir.resolve("tgt-chap.json"),
        "{\"iqn.2010-10.org.openstack:other\":{\"username\":\"shared\",\"password\":\"0ther-password\"}}");
    assertThatThrownBy(() -> tgt.ensure(chapTarget(new Chap("shared", "mine-password-1"))))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("CHAP user shared is bound to another target")
        .hasMessageNotContaining("mine-password-1")
        .hasMessageNotContaining("0ther-password");
  }

  private static List<String> concat(List<String> base, String... more) {
    List<String> all = new java.util.ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }

  @Test
  void aLunSmallerThanItsGrownDeviceIsOutdatedAndReopenedOfflineThenOnline()
      throws StorageException {
    ScriptedCommandRunner runner =
        new ScriptedCommandRunner()
            .ok(
                RealOutputs.read("tgtadm-show.txt"),
                "tgtadm",
                "--lld",
                "iscsi",
                "--mode",
                "target",
                "--op",
                "show");
    // 64 MiB when tgt opened it ("67 MB"), then grown.
    long[] device = {64L << 20};
    TgtTargets tgt = new TgtTargets(runner, dir.resolve("portals.json"), path -> device[0]);
    assertThat(tgt.outdatedLunSizes()).isEmpty();
    device[0] = 160L << 20;
    assertThat(tgt.outdatedLunSizes()).containsExactly("iqn.2010-10.org.openstack:ebs-x");
    tgt.refreshLunSize("iqn.2010-10.org.openstack:ebs-x");
    List<String> update =
        List.of(
            "tgtadm",
            "--lld",
            "iscsi",
            "--op",
            "update",
            "--mode",
            "logicalunit",
            "--tid",
            "1",
            "--lun",
            "1",
            "--params");
    assertThat(runner.argvs())
        .filteredOn(argv -> argv.contains("update"))
        .containsExactly(with(update, "online=0"), with(update, "path=/dev/volumes/ebs-x"));
  }

  private static List<String> with(List<String> argv, String last) {
    List<String> all = new java.util.ArrayList<>(argv);
    all.add(last);
    return all;
  }
}
