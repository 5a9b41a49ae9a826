package io.ovt.ebs.operator;

/**
 * Leader election through a Lease, so several operator replicas can run and one reconciles.
 *
 * @param leaseName the Lease's name
 * @param namespace the Lease's namespace
 * @param exitOnLoss whether to exit the process when leadership is lost (right for a Pod, which
 *     restarts clean; wrong for an embedded operator)
 */
public record LeaderElection(String leaseName, String namespace, boolean exitOnLoss) {}
