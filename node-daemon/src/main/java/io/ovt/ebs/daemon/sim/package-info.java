/**
 * The simulated host: an in-memory model of an LVM volume group, DRBD resources connected over a
 * simulated network, and LIO targets. It refuses what the real tools refuse (no space, a minor or
 * port in use, demoting an open device, a second primary) with the same kind of error, so the
 * operator and daemon are tested against the tools' rules, not a stub that says yes.
 */
package io.ovt.ebs.daemon.sim;
