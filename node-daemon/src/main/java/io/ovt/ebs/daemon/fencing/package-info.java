/**
 * Self-fencing (DESIGN §6): the fencing lease the operator renews ({@code PUT /v1/lease}), the
 * watchdog that holds the I/O of every primary that has lost both its lease and its DRBD peer
 * before the lease ends, so the peer may be promoted without two primaries accepting writes, and
 * the record of the volumes held that way. How a volume leaves the fence is planned with the rest
 * of convergence ({@code converge.FencePlanner}).
 */
package io.ovt.ebs.daemon.fencing;
