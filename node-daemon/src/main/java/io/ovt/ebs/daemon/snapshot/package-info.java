/**
 * Snapshots of a node's volumes, and the brief I/O suspension on a primary that lets the two
 * replicas' snapshots hold the same point in time.
 */
package io.ovt.ebs.daemon.snapshot;
