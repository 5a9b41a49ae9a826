package io.ovt.ebs.daemon.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.command.CommandResult;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The LVM wrapper builds argument lists, never shell strings, and types LVM's failures. */
class LvmCliTest {
  private final ScriptedCommandRunner runner = new ScriptedCommandRunner();
  private final LvmCli lvm = new LvmCli(runner, "volumes");

  @Test
  void createsTaggedThickAndThinLvsWithArgumentLists() throws StorageException {
    lvm.createThick("ebs-1", 64L << 20, Set.of("ebs.ovt.io"));
    lvm.createThin("ebs-2", 64L << 20, "pool", Set.of("ebs.ovt.io"));
    assertThat(runner.argvs())
        .containsExactly(
            List.of(
                "lvcreate",
                "--yes",
                "--wipesignatures",
                "y",
                "-L",
                "67108864b",
                "-n",
                "ebs-1",
                "--addtag",
                "ebs.ovt.io",
                "volumes"),
            List.of(
                "lvcreate",
                "--yes",
                "-V",
                "67108864b",
                "--thinpool",
                "volumes/pool",
                "-n",
                "ebs-2",
                "--addtag",
                "ebs.ovt.io"));
  }

  @Test
  void snapshotsOfThinOriginsAreActiveThinSnapshotsAndOfThickOnesHaveACowArea()
      throws StorageException {
    runner.ok(RealOutputs.read("vgs-report.json"), "vgs");
    runner.ok(RealOutputs.read("lvs-report.json"), "lvs");
    lvm.createSnapshot("ebs-thin", "ebs-thin-s1", 0, Set.of("ebs.ovt.io"));
    lvm.createSnapshot("ebs-thick", "ebs-thick-s1", 16L << 20, Set.of("ebs.ovt.io"));
    assertThat(runner.argvs())
        .filteredOn(argv -> argv.get(0).equals("lvcreate"))
        .containsExactly(
            List.of(
                "lvcreate",
                "--yes",
                "--snapshot",
                "--setactivationskip",
                "n",
                "-n",
                "ebs-thin-s1",
                "--addtag",
                "ebs.ovt.io",
                "volumes/ebs-thin"),
            List.of(
                "lvcreate",
                "--yes",
                "--snapshot",
                "-L",
                "16777216b",
                "-n",
                "ebs-thick-s1",
                "--addtag",
                "ebs.ovt.io",
                "volumes/ebs-thick"));
  }

  @Test
  void failuresAreTypedFromLvmsStderrAndCarryTheCommand() {

    runner.answer(
        new CommandResult(
            5,
            "",
            "  Volume group \"volumes\" has insufficient free space (10 extents): 16 required.\n"),
        "lvcreate");
    assertThatThrownBy(() -> lvm.createThick("ebs-1", 64L << 20, Set.of("ebs.ovt.io")))
        .isInstanceOf(StorageException.class)
        .satisfies(
            e -> {
              StorageException se = (StorageException) e;
              assertThat(se.code()).isEqualTo(ErrorCode.NO_SPACE);
              assertThat(se.command()).startsWith("lvcreate");
              assertThat(se.stderr()).contains("insufficient free space");
            });
    assertThat(LvmCli.classify("  Logical volume volumes/ebs-1 in use."))
        .isEqualTo(ErrorCode.DEVICE_IN_USE);
    assertThat(
            LvmCli.classify(
                "  Logical Volume \"ebs-1\" already exists in volume group \"volumes\""))
        .isEqualTo(ErrorCode.CONFLICT);
  }
}
