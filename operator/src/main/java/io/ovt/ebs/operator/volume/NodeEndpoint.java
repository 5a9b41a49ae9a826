package io.ovt.ebs.operator.volume;

/**
 * What the desired state of a volume needs of one of its nodes.
 *
 * @param name StorageNode name
 * @param backendId backend id
 * @param replicationAddress DRBD address
 * @param hostname host name the daemon reported
 */
public record NodeEndpoint(
    String name, String backendId, String replicationAddress, String hostname) {}
