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
 * @param ioSuspended whether new I/O is held ({@code drbdadm suspend-io})
 * @param inFlight requests DRBD has not finished, or null when the tool does not say
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
    Instant peerFencedAt,
    boolean ioSuspended,
    InFlight inFlight) {

  /**
   * Requests not yet finished, as DRBD counts them (8.4's {@code ap pe ua lo}).
   *
   * @param application writes and reads submitted to DRBD and not yet completed to their submitter
   * @param peerPending requests sent to the peer and not yet answered by it
   * @param unacked requests received from the peer and not yet answered
   * @param local requests DRBD has open on the local disk (also counts other users of the disk)
   */
  public record InFlight(long application, long peerPending, long unacked, long local) {
    /** True when nothing is in flight in any direction. */
    public boolean isEmpty() {
      return application == 0 && peerPending == 0 && unacked == 0 && local == 0;
    }
  }
}
