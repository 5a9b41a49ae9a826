package io.ovt.ebs.daemon.host;

import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import java.time.Instant;

/**
 * The kernel state of one DRBD resource that is up.
 *
 * @param name resource name
 * @param minor minor in use
 * @param role local role
 * @param disk local disk state
 * @param connection connection to the peer
 * @param replication replication state of the connection
 * @param peerRole the peer's role, null when not connected
 * @param peerDisk the peer's disk as known here
 * @param syncPercent percent done of a running resync, null when none
 * @param open whether the device is held open
 * @param sizeBytes usable size of the device
 * @param peerFencedAt when DRBD's fence-peer handler last ran because the peer was lost, while the
 *     peer is not back up to date; null otherwise
 */
public record DrbdResourceStatus(
    String name,
    int minor,
    Role role,
    DiskState disk,
    ConnectionState connection,
    ReplicationState replication,
    Role peerRole,
    DiskState peerDisk,
    Double syncPercent,
    boolean open,
    long sizeBytes,
    Instant peerFencedAt) {}
