package io.ovt.ebs.daemon.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.TargetSpec;
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
