/**
 * The storage-host interface: typed operations on LVM, DRBD and the iSCSI target, each observed in
 * one read. Real tools and the simulated host implement it.
 */
package io.ovt.ebs.daemon.host;
