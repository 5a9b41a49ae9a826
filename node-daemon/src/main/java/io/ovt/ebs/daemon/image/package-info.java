/**
 * Disk images imported into new volumes: the download (HTTP, checksum, size limit), qemu-img's
 * checks and conversion on a real host.
 */
package io.ovt.ebs.daemon.image;
