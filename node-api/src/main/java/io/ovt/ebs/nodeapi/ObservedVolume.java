package io.ovt.ebs.nodeapi;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;
import java.util.List;

/**
 * What a node has of one volume: its LV, its DRBD resource and its exports.
 *
 * @param name the volume's local name
 * @param lv the LV, or null when it does not exist
 * @param drbd the DRBD resource, or null when none is configured
 * @param exports the iSCSI exports of the volume on this node
 * @param devicePath the block device users of the volume open on this node
 * @param capacityBytes usable size of that device (a DRBD device is its LV less the metadata); 0
 *     when it is not known here
 * @param initialization how far the LV is from holding its first data, or null once it does
 * @param snapshots snapshots of the volume on this node
 * @param dependents other LVs that share this one's blocks (thin volumes made from it)
 */
public record ObservedVolume(
    String name,
    ObservedLv lv,
    ObservedDrbd drbd,
    List<ObservedExport> exports,
    String devicePath,
    long capacityBytes,
    Initialization initialization,
    List<ObservedSnapshot> snapshots,
    List<String> dependents) {

  public ObservedVolume {
    exports = exports == null ? List.of() : List.copyOf(exports);
    snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
    dependents = dependents == null ? List.of() : List.copyOf(dependents);
  }

  /** A volume without snapshots, dependents or initialisation under way. */
  public ObservedVolume(
      String name,
      ObservedLv lv,
      ObservedDrbd drbd,
      List<ObservedExport> exports,
      String devicePath) {
    this(name, lv, drbd, exports, devicePath, 0, null, null, null);
  }

  /**
   * The first data of a new LV being put in place: copied from a source, or the leftovers of a
   * previous LV at its end wiped, before DRBD may use it.
   *
   * @param source the source LV, or null when there is only wiping to do or an image to import
   * @param percent how much of the copy (or of the image's download) is done
   * @param error why the last attempt failed, or null; the daemon retries on the next PUT unless
   *     {@code refused}
   * @param refused the last attempt failed in a way no retry mends (a bad image): the daemon does
   *     not try again, and the volume can only be deleted
   */
  public record Initialization(String source, double percent, String error, boolean refused) {
    /** An initialisation the daemon retries after a failure. */
    public Initialization(String source, double percent, String error) {
      this(source, percent, error, false);
    }
  }

  /**
   * An LV carrying the project's tag.
   *
   * @param volumeGroup the volume group
   * @param name the LV name
   * @param sizeBytes the LV size
   * @param provisioning thick or thin
   * @param thinPool the pool of a thin LV
   * @param dataPercent for a thin LV, how much of it has been written
   * @param open whether something holds the LV open
   */
  public record ObservedLv(
      String volumeGroup,
      String name,
      long sizeBytes,
      Provisioning provisioning,
      String thinPool,
      double dataPercent,
      boolean open) {}

  /**
   * The state of a DRBD resource as this node sees it.
   *
   * @param minor the minor in use
   * @param port the port configured
   * @param role this node's role
   * @param disk this node's disk state
   * @param connection the connection to the peer
   * @param replication the replication state of that connection
   * @param peerRole the peer's role, null when unknown
   * @param peerDisk the peer's disk state as this node knows it
   * @param syncPercent percent done of a running sync, null when none runs
   * @param open whether the DRBD device is held open (exported or mounted)
   * @param peerFencedAt when this node's DRBD fenced its lost peer (the peer may be outdated
   *     since), while the peer is not back up to date; null otherwise
   * @param fenced true while this node holds the volume's I/O because it lost both its fencing
   *     lease and its peer (the volume is in {@link Lease#fencedVolumes()}); false from a daemon
   *     that does not know fencing
   */
  public record ObservedDrbd(
      int minor,
      int port,
      Role role,
      DiskState disk,
      ConnectionState connection,
      ReplicationState replication,
      Role peerRole,
      DiskState peerDisk,
      Double syncPercent,
      boolean open,
      Instant peerFencedAt,
      // An older daemon leaves it out: read that as false (the mapper refuses nulls for
      // primitives).
      @JsonSetter(nulls = Nulls.AS_EMPTY) boolean fenced) {

    /** A resource this node does not hold fenced. */
    public ObservedDrbd(
        int minor,
        int port,
        Role role,
        DiskState disk,
        ConnectionState connection,
        ReplicationState replication,
        Role peerRole,
        DiskState peerDisk,
        Double syncPercent,
        boolean open,
        Instant peerFencedAt) {
      this(
          minor,
          port,
          role,
          disk,
          connection,
          replication,
          peerRole,
          peerDisk,
          syncPercent,
          open,
          peerFencedAt,
          false);
    }
  }

  /**
   * An iSCSI export found on this node.
   *
   * @param targetIqn the target IQN
   * @param lun the LUN
   * @param initiators initiators with an ACL
   * @param portals portals the target listens on
   * @param chapUsername the CHAP user name initiators must log in with, or null without CHAP
   */
  public record ObservedExport(
      String targetIqn,
      int lun,
      List<String> initiators,
      List<String> portals,
      String chapUsername) {

    public ObservedExport {
      initiators = initiators == null ? List.of() : List.copyOf(initiators);
      portals = portals == null ? List.of() : List.copyOf(portals);
    }

    /** An export without CHAP. */
    public ObservedExport(
        String targetIqn, int lun, List<String> initiators, List<String> portals) {
      this(targetIqn, lun, initiators, portals, null);
    }
  }
}
