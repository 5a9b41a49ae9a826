/**
 * The real storage host: typed wrappers of LVM, DRBD (8.4 and 9) and the iSCSI target (LIO via
 * targetcli and configfs, or tgtadm) over one command runner, with parsers of the tools' output.
 */
package io.ovt.ebs.daemon.real;
