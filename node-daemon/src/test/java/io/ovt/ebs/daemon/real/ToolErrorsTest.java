package io.ovt.ebs.daemon.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.nodeapi.ErrorCode;
import org.junit.jupiter.api.Test;

/** The stderr the real tools wrote in the VMs maps to the error a caller must act on. */
class ToolErrorsTest {

  @Test
  void lvm() {
    assertThat(LvmCli.classify(RealOutputs.read("stderr-lvcreate-no-space.txt")))
        .isEqualTo(ErrorCode.NO_SPACE);
    assertThat(LvmCli.classify(RealOutputs.read("stderr-lvremove-open.txt")))
        .isEqualTo(ErrorCode.DEVICE_IN_USE);
    assertThat(LvmCli.classify(RealOutputs.read("stderr-lvremove-open-by-process.txt")))
        .isEqualTo(ErrorCode.DEVICE_IN_USE);
  }

  @Test
  void drbd() {
    assertThat(DrbdCli.classify(RealOutputs.read("stderr-drbdadm-primary-inconsistent.txt")))
        .isEqualTo(ErrorCode.STATE_CHANGE_REFUSED);
    assertThat(DrbdCli.classify(RealOutputs.read("stderr-drbdadm-primary-peer-primary.txt")))
        .isEqualTo(ErrorCode.STATE_CHANGE_REFUSED);
    assertThat(DrbdCli.classify(RealOutputs.read("stderr-drbdadm-secondary-open.txt")))
        .isEqualTo(ErrorCode.DEVICE_IN_USE);
    assertThat(DrbdCli.classify(RealOutputs.read("stderr-drbdadm-down-open.txt")))
        .isEqualTo(ErrorCode.DEVICE_IN_USE);
    assertThat(DrbdCli.classify(RealOutputs.read("stderr-drbdadm-up-minor-in-use.txt")))
        .isEqualTo(ErrorCode.RESOURCE_IN_USE);
    assertThat(DrbdCli.classify(RealOutputs.read("stderr-drbdadm-duplicate-minor-in-config.txt")))
        .isEqualTo(ErrorCode.RESOURCE_IN_USE);
  }

  @Test
  void versions() {
    assertThat(RealHost.drbdKernelVersion(RealOutputs.read("drbdadm-version.txt")))
        .isEqualTo("8.4.11");
  }
}
