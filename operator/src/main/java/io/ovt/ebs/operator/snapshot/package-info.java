/**
 * Snapshots of volumes: which replicas can hold the same point in time (a pure decision), and
 * taking, reporting and removing them through the nodes' daemons.
 */
package io.ovt.ebs.operator.snapshot;
