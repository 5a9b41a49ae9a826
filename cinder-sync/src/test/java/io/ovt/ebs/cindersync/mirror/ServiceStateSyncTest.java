package io.ovt.ebs.cindersync.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.cindersync.mirror.ServiceStateSync.State;
import org.junit.jupiter.api.Test;

class ServiceStateSyncTest {
  private static final State ON_1 = new State("hci-0001@EBS", false);
  private static final State ON_2_FROZEN = new State("hci-0002@EBS", true);
  private static final State ON_1_FROZEN = new State("hci-0001@EBS", true);

  @Test
  void agreeingSidesNeedNothingOrOnlyARecord() {
    assertThat(ServiceStateSync.decide(ON_1, ON_1, ON_1)).isEqualTo(new ServiceStateSync.InStep());
    assertThat(ServiceStateSync.decide(ON_1, ON_1, null))
        .isEqualTo(new ServiceStateSync.Record(ON_1));
    // Both made the same change (the driver did the failover Cinder asked for).
    assertThat(ServiceStateSync.decide(ON_2_FROZEN, ON_2_FROZEN, ON_1))
        .isEqualTo(new ServiceStateSync.Record(ON_2_FROZEN));
  }

  @Test
  void aCinderFailoverHostOrFreezeMovesThePolicy() {
    assertThat(ServiceStateSync.decide(ON_2_FROZEN, ON_1, ON_1))
        .isEqualTo(new ServiceStateSync.ToPolicy(ON_2_FROZEN));
    assertThat(ServiceStateSync.decide(ON_1_FROZEN, ON_1, ON_1))
        .isEqualTo(new ServiceStateSync.ToPolicy(ON_1_FROZEN));
    // thaw-host
    assertThat(ServiceStateSync.decide(ON_1, ON_1_FROZEN, ON_1_FROZEN))
        .isEqualTo(new ServiceStateSync.ToPolicy(ON_1));
  }

  @Test
  void anAutomaticFailoverIsToldToCinderAndNeverSentBack() {
    assertThat(ServiceStateSync.decide(ON_1, ON_2_FROZEN, ON_1))
        .isEqualTo(new ServiceStateSync.ToCinder(ON_2_FROZEN, ON_1));
    // Once Cinder shows it, the two agree: recorded, and nothing goes back to the policy.
    assertThat(ServiceStateSync.decide(ON_2_FROZEN, ON_2_FROZEN, ON_1))
        .isEqualTo(new ServiceStateSync.Record(ON_2_FROZEN));
  }

  @Test
  void whenBothMovedOrNothingIsKnownThePolicyWins() {
    assertThat(ServiceStateSync.decide(ON_1_FROZEN, ON_2_FROZEN, ON_1))
        .isEqualTo(new ServiceStateSync.ToCinder(ON_2_FROZEN, ON_1_FROZEN));
    assertThat(ServiceStateSync.decide(ON_1, ON_2_FROZEN, null))
        .isEqualTo(new ServiceStateSync.ToCinder(ON_2_FROZEN, ON_1));
  }

  @Test
  void cindersEmptyOrDefaultActiveBackendIsTheServicesOwn() {
    assertThat(ServiceStateSync.activeBackend("", "hci-0001@EBS")).isEqualTo("hci-0001@EBS");
    assertThat(ServiceStateSync.activeBackend(null, "hci-0001@EBS")).isEqualTo("hci-0001@EBS");
    assertThat(ServiceStateSync.activeBackend("default", "hci-0001@EBS")).isEqualTo("hci-0001@EBS");
    assertThat(ServiceStateSync.activeBackend("hci-0002@EBS", "hci-0001@EBS"))
        .isEqualTo("hci-0002@EBS");
  }
}
