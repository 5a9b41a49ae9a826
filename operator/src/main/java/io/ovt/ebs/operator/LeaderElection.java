package io.ovt.ebs.operator;

import java.time.Duration;
import java.util.UUID;

/**
 * Leader election through a Lease, so several operator replicas can run and one reconciles.
 *
 * @param leaseName the Lease's name
 * @param namespace the Lease's namespace
 * @param identity this replica's name in the Lease; must differ between replicas
 * @param leaseDuration how long a lease holds without renewal before another replica may take it
 * @param exitOnLoss whether to exit the process when leadership is lost (right for a Pod, which
 *     restarts clean; wrong for an embedded operator)
 */
public record LeaderElection(
    String leaseName,
    String namespace,
    String identity,
    Duration leaseDuration,
    boolean exitOnLoss) {

  /** Kubernetes' usual timings, and an identity from the pod name or a random one. */
  public static LeaderElection of(String leaseName, String namespace, boolean exitOnLoss) {
    String pod = System.getenv("POD_NAME");
    String identity = pod == null || pod.isBlank() ? "ebs-operator-" + UUID.randomUUID() : pod;
    return new LeaderElection(leaseName, namespace, identity, Duration.ofSeconds(15), exitOnLoss);
  }

  /** Renew well within the lease, as client-go does (two thirds of it). */
  Duration renewDeadline() {
    return leaseDuration.multipliedBy(2).dividedBy(3);
  }

  /** Try to acquire or renew this often. */
  Duration retryPeriod() {
    return leaseDuration.dividedBy(7);
  }
}
