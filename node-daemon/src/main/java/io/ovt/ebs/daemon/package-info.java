/** The node daemon: converges LVM, DRBD and iSCSI target state on one storage host. */
package io.ovt.ebs.daemon;
