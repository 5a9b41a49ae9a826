/**
 * Real-storage test harness: three QEMU virtual machines (two storage hosts and an iSCSI client)
 * booted from the image of {@code e2e/scripts/build-image.sh}, controlled through qemu-guest-agent.
 */
package io.ovt.ebs.e2e;
