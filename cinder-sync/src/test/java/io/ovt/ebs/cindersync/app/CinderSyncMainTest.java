package io.ovt.ebs.cindersync.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line refuses what it cannot run with, saying what to give instead. */
class CinderSyncMainTest {
  @TempDir Path dir;

  private static String problem(String... args) {
    CinderSyncMain main = new CinderSyncMain();
    new CommandLine(main).parseArgs(args);
    return main.problem();
  }

  @Test
  void noWayToReachCinderIsRefusedWithBothWaysNamed() {
    assertThat(problem()).contains("--os-auth-url", "--noauth-project");
    assertThat(problem("--cinder-url", "http://cinder:8776")).contains("--noauth-project");
  }

  @Test
  void keystoneNeedsAUserAPasswordFileAndAProject() throws Exception {
    assertThat(problem("--os-auth-url", "http://keystone:5000/v3", "--os-username", "sync"))
        .contains("--os-password-file", "--os-project-name");
    assertThat(
            problem(
                "--os-auth-url", "http://keystone:5000/v3",
                "--os-username", "sync",
                "--os-project-name", "admin",
                "--os-password-file", dir.resolve("absent").toString()))
        .contains("cannot read the password file");
    Path password = Files.writeString(dir.resolve("password"), "s3cret\n");
    assertThat(
            problem(
                "--os-auth-url", "http://keystone:5000/v3",
                "--os-username", "sync",
                "--os-project-name", "admin",
                "--os-password-file", password.toString()))
        .isNull();
    assertThat(
            problem(
                "--os-auth-url", "http://keystone:5000/v3",
                "--os-username", "sync",
                "--os-project-name", "admin",
                "--os-password-file", password.toString(),
                "--noauth-project", "abc"))
        .contains("exclude each other");
  }

  @Test
  void noauthNeedsAHexProjectAndIntervalsMustBePositive() {
    assertThat(problem("--cinder-url", "http://cinder:8776", "--noauth-project", "not-hex"))
        .contains("hex");
    assertThat(problem("--cinder-url", "http://cinder:8776", "--noauth-project", "abc123"))
        .isNull();
    assertThat(
            problem(
                "--cinder-url",
                "http://cinder:8776",
                "--noauth-project",
                "abc",
                "--poll-seconds",
                "0"))
        .contains("--poll-seconds");
    assertThat(
            problem(
                "--cinder-url", "http://cinder:8776", "--noauth-project", "abc", "--backend", " "))
        .contains("--backend");
  }

  @Test
  void aRefusedCommandLineExitsWith2BeforeTouchingAnything() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new CinderSyncMain());
    cli.setErr(new PrintWriter(err));
    // picocli's own refusal (an unknown option) and ours share the exit code.
    assertThat(cli.execute("--no-such-option")).isEqualTo(2);
    assertThat(err.toString()).contains("--no-such-option");
    assertThat(new CommandLine(new CinderSyncMain()).execute()).isEqualTo(2);
  }

  @Test
  void importConfIsASubcommandThatNeedsNoCinder() {
    // Exit 0: the mirror's own checks (no way to reach Cinder here) are not run for it.
    assertThat(
            new CommandLine(new CinderSyncMain())
                .execute("import-conf", "src/test/resources/conf/hci-0001-cinder.conf"))
        .isEqualTo(0);
  }
}
