package io.ovt.ebs.operator.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.crds.replication.FailoverPolicySpec;
import io.ovt.ebs.operator.OperatorSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which lease a node gets and how often it is heartbeaten. */
class LeaseTermsTest {
  private static FailoverPolicySpec spec(boolean automatic, int lease, int beat) {
    FailoverPolicySpec spec = new FailoverPolicySpec();
    spec.setAutomatic(automatic);
    spec.setFencingLeaseSeconds(lease);
    spec.setHeartbeatIntervalSeconds(beat);
    return spec;
  }

  @Test
  void aNodeWithoutAPolicyGetsNoLease() {
    LeaseTerms terms = LeaseTerms.of(List.of(), OperatorSettings.defaults());
    assertThat(terms.lease()).isEmpty();
    assertThat(terms.interval()).isEqualTo(OperatorSettings.defaults().heartbeatInterval());
  }

  @Test
  void automaticFailoverUsesThePolicysLeaseAndHeartbeat() {
    LeaseTerms terms = LeaseTerms.of(List.of(spec(true, 6, 2)), OperatorSettings.defaults());
    assertThat(terms.lease()).contains(Duration.ofSeconds(6));
    assertThat(terms.interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(terms.callTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void withoutAutomaticFailoverTheLeaseIsLong() {
    assertThat(LeaseTerms.leaseOf(spec(false, 6, 2))).isEqualTo(LeaseTerms.MANUAL_LEASE);
    assertThat(LeaseTerms.leaseOf(spec(false, 120, 2))).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void aNodeInTwoPairsGetsTheShortestLease() {
    LeaseTerms terms =
        LeaseTerms.of(List.of(spec(true, 6, 2), spec(true, 4, 1)), OperatorSettings.defaults());
    assertThat(terms.lease()).contains(Duration.ofSeconds(4));
    assertThat(terms.interval()).isEqualTo(Duration.ofSeconds(1));
  }
}
