package io.ovt.ebs.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import java.time.Duration;
import java.util.function.Consumer;

/** Edits a FailoverPolicy's spec as a user would: freeze, thaw, make another backend active. */
public final class PolicyEdits {
  private PolicyEdits() {}

  /** Sets {@code spec.frozen}, as the seed's {@code cinder freeze-host} / {@code thaw-host}. */
  public static void setFrozen(KubernetesClient client, String policy, boolean frozen) {
    edit(client, policy, p -> p.getSpec().setFrozen(frozen));
  }

  /** Makes another backend active, as the seed's {@code cinder failover-host}. */
  public static void activate(KubernetesClient client, String policy, String backendId) {
    edit(client, policy, p -> p.getSpec().setActiveBackend(backendId));
  }

  /**
   * Turns automatic failover on with the tests' short terms: heartbeats every second, a 2 s fencing
   * lease, failover after 3 s of silence.
   */
  public static void automaticFast(KubernetesClient client, String policy) {
    edit(
        client,
        policy,
        p -> {
          p.getSpec().setAutomatic(true);
          p.getSpec().setHeartbeatIntervalSeconds(1);
          p.getSpec().setFencingLeaseSeconds(2);
          p.getSpec().setFailureThresholdSeconds(3);
        });
  }

  /** Edits the spec; retried when the operator's status write came first. */
  private static void edit(
      KubernetesClient client, String policy, Consumer<FailoverPolicy> change) {
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .until(
            () ->
                client
                        .resources(FailoverPolicy.class)
                        .withName(policy)
                        .edit(
                            p -> {
                              change.accept(p);
                              return p;
                            })
                    != null);
  }
}
