package io.ovt.ebs.daemon.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.command.CommandResult;
import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.DrbdProtocol;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DRBD is configured declaratively and its metadata is never recreated over existing data. */
class DrbdCliTest {
  @TempDir Path dir;
  private final ScriptedCommandRunner runner = new ScriptedCommandRunner();

  private DrbdCli drbd() {
    return new DrbdCli(
        runner,
        new DrbdCli.Paths(
            dir.resolve("drbd.d"),
            dir.resolve("state"),
            dir.resolve("proc-drbd"),
            dir.resolve("sys"),
            dir.resolve("fencing")),
        DrbdFlavor.V84);
  }

  private static DrbdResourceConfig config(String name, int minor, int port) {
    return new DrbdResourceConfig(
        name,
        minor,
        port,
        DrbdProtocol.C,
        new DrbdResourceConfig.Endpoint("hci-0001", "10.0.10.21", "/dev/volumes/" + name),
        new DrbdResourceConfig.Endpoint("hci-0002", "10.0.10.22", null),
        102400);
  }

  @Test
  void anEmptyRecordLeftByACrashIsIgnoredAndTheResourcesNextWriteHealsIt() throws Exception {
    DrbdCli drbd = drbd();
    drbd.writeConfig(config("ebs-1", 1000, 7001));
    Files.createDirectories(dir.resolve("state"));
    Files.write(dir.resolve("state/ebs-2.json"), new byte[0]); // as a killed host left it

    assertThat(drbd.configs()).containsExactly(config("ebs-1", 1000, 7001));
    drbd.writeConfig(config("ebs-2", 1001, 7002));
    assertThat(drbd.configs())
        .containsExactly(config("ebs-1", 1000, 7001), config("ebs-2", 1001, 7002));
    try (var left = Files.list(dir.resolve("state"))) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }
  }

  @Test
  void aConfigIsCheckedByDrbdadmBeforeItIsPutInPlaceAndRemembered() throws Exception {
    DrbdCli drbd = drbd();
    drbd.writeConfig(config("ebs-1", 1000, 7001));
    assertThat(runner.argvs().get(0))
        .containsExactly(
            "drbdadm", "-c", dir.resolve("drbd.d/.ebs-1.res.new").toString(), "dump", "ebs-1");
    assertThat(Files.readString(dir.resolve("drbd.d/ebs-1.res"))).contains("resource ebs-1 {");
    assertThat(drbd.configs()).containsExactly(config("ebs-1", 1000, 7001));
    assertThatThrownBy(() -> drbd.writeConfig(config("ebs-2", 1000, 7002)))
        .satisfies(
            e -> assertThat(((StorageException) e).code()).isEqualTo(ErrorCode.RESOURCE_IN_USE));
  }

  @Test
  void aConfigDrbdadmRejectsNeverReachesDrbdD() {
    runner.answer(
        new CommandResult(10, "", "drbd.d/.ebs-1.res.new:3: Parse error"), "drbdadm", "-c");
    assertThatThrownBy(() -> drbd().writeConfig(config("ebs-1", 1000, 7001)))
        .isInstanceOf(StorageException.class);
    assertThat(dir.resolve("drbd.d/ebs-1.res")).doesNotExist();
    assertThat(dir.resolve("drbd.d/.ebs-1.res.new")).doesNotExist();
  }

  @Test
  void metadataIsCreatedOnlyWhenDrbdSaysThereIsNone() throws Exception {
    runner.answer(new CommandResult(1, "", ""), "drbdadm", "get-gi");
    runner.answer(
        new CommandResult(1, "", RealOutputs.read("stderr-drbdadm-dump-md-no-metadata.txt")),
        "drbdadm",
        "dump-md");
    drbd().ensureMetadata("ebs-1");
    assertThat(runner.argvs()).contains(List.of("drbdadm", "--", "--force", "create-md", "ebs-1"));

    ScriptedCommandRunner unreadable = new ScriptedCommandRunner();
    unreadable.answer(new CommandResult(1, "", ""), "drbdadm", "get-gi");
    unreadable.answer(
        new CommandResult(20, "", "open(/dev/volumes/ebs-1) failed: Device or resource busy\n"),
        "drbdadm",
        "dump-md");
    DrbdCli cautious =
        new DrbdCli(unreadable, new DrbdCli.Paths(dir, dir, dir, dir, dir), DrbdFlavor.V84);
    assertThatThrownBy(() -> cautious.ensureMetadata("ebs-1"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("will not overwrite");
    assertThat(unreadable.argvs()).noneMatch(argv -> argv.contains("create-md"));

    ScriptedCommandRunner present =
        new ScriptedCommandRunner()
            .ok(RealOutputs.read("drbdadm-get-gi-fresh.txt"), "drbdadm", "get-gi");
    new DrbdCli(present, new DrbdCli.Paths(dir, dir, dir, dir, dir), DrbdFlavor.V84)
        .ensureMetadata("ebs-1");
    assertThat(present.argvs()).containsExactly(List.of("drbdadm", "get-gi", "ebs-1"));
  }

  @Test
  void freshMetadataIsRecognisedByItsJustCreatedUuid() throws Exception {
    runner.ok(RealOutputs.read("drbdadm-get-gi-fresh.txt"), "drbdadm", "get-gi");
    assertThat(drbd().hasFreshMetadata("ebs-1")).isTrue();
    ScriptedCommandRunner used =
        new ScriptedCommandRunner()
            .ok(RealOutputs.read("drbdadm-get-gi-after-primary.txt"), "drbdadm", "get-gi");

    assertThat(
            new DrbdCli(used, new DrbdCli.Paths(dir, dir, dir, dir, dir), DrbdFlavor.V84)
                .hasFreshMetadata("ebs-1"))
        .isFalse();
  }

  @Test
  void leavingAFenceUsesTheCommandLinesDrbdadm84PassesOnToDrbdsetup() throws Exception {
    DrbdCli drbd = drbd();
    drbd.suspendIo("ebs-1");
    drbd.detach("ebs-1", true);
    drbd.resumeIo("ebs-1");
    drbd.disconnect("ebs-1");
    drbd.attach("ebs-1");
    drbd.connect("ebs-1", true);
    drbd.connect("ebs-1", false);
    drbd.detach("ebs-1", false);
    assertThat(runner.argvs())
        .containsExactly(
            List.of("drbdadm", "suspend-io", "ebs-1"),
            List.of("drbdadm", "detach", "--force", "ebs-1"),
            List.of("drbdadm", "resume-io", "ebs-1"),
            List.of("drbdadm", "disconnect", "ebs-1"),
            List.of("drbdadm", "attach", "ebs-1"),
            List.of("drbdadm", "connect", "--discard-my-data", "ebs-1"),
            List.of("drbdadm", "connect", "ebs-1"),
            List.of("drbdadm", "detach", "ebs-1"));
  }
}
