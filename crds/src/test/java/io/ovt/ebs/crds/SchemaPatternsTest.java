package io.ovt.ebs.crds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The schema's patterns accept what users write and refuse what must never reach a command. */
class SchemaPatternsTest {

  private static boolean matches(String pattern, String value) {
    return Pattern.compile(pattern).matcher(value).find();
  }

  @Test
  void sizesArePositiveWithABinarySuffix() {
    assertThat(matches(Api.SIZE_PATTERN, "10Gi")).isTrue();
    assertThat(matches(Api.SIZE_PATTERN, "512Mi")).isTrue();
    for (String bad : new String[] {"-5Gi", "0Gi", "10", "10G", "1.5Gi", "10Gi; rm -rf /", ""}) {
      assertThat(matches(Api.SIZE_PATTERN, bad)).as(bad).isFalse();
    }
  }

  @Test
  void backendIdsLookLikeCinderHosts() {
    assertThat(matches(Api.BACKEND_ID_PATTERN, "hci-0001@EBS")).isTrue();
    assertThat(matches(Api.BACKEND_ID_PATTERN, "hci-0001")).isFalse();
    assertThat(matches(Api.BACKEND_ID_PATTERN, "hci 1@EBS")).isFalse();
  }

  @Test
  void lvmNamesRefuseShellMetacharactersAndLeadingDash() {
    assertThat(matches(Api.LVM_NAME_PATTERN, "volumes")).isTrue();
    for (String bad : new String[] {"-vg", "vg;reboot", "vg$(id)", "vg name", "vg/x"}) {
      assertThat(matches(Api.LVM_NAME_PATTERN, bad)).as(bad).isFalse();
    }
  }

  @Test
  void initiatorsAreIqnsOrEuis() {
    assertThat(matches(Api.IQN_PATTERN, "iqn.1993-08.org.debian:01:abcdef")).isTrue();
    assertThat(matches(Api.IQN_PATTERN, "eui.02004567A425678D")).isTrue();
    assertThat(matches(Api.IQN_PATTERN, "iqn.1993-08.org.debian:01;reboot")).isFalse();
  }
}
