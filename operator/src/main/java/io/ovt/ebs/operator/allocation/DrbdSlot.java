package io.ovt.ebs.operator.allocation;

/**
 * A DRBD minor and TCP port held by one volume on both its nodes.
 *
 * @param minor the minor
 * @param port the port
 */
public record DrbdSlot(int minor, int port) {}
