package io.ovt.ebs.daemon.host;

import io.ovt.ebs.nodeapi.PeerLoss;
import java.util.List;

/**
 * Typed DRBD operations. Configuration is declarative (one file per resource, then {@code drbdadm
 * adjust}); role changes and metadata are explicit.
 */
public interface DrbdTool {
  /** State of every resource that is up, in one read. */
  List<DrbdResourceStatus> status() throws StorageException;

  /** Every resource configuration this daemon wrote. */
  List<DrbdResourceConfig> configs() throws StorageException;

  /** Writes a resource's configuration file. */
  void writeConfig(DrbdResourceConfig config) throws StorageException;

  /** Removes a resource's configuration file. */
  void removeConfig(String name) throws StorageException;

  /** {@code drbdadm create-md} unless the backing device already has DRBD metadata. */
  void ensureMetadata(String name) throws StorageException;

  /**
   * True when the resource's metadata is fresh: it has never held up-to-date data, so a forced
   * first promotion cannot overwrite anything.
   */
  boolean hasFreshMetadata(String name) throws StorageException;

  /** {@code drbdadm up}. */
  void up(String name) throws StorageException;

  /** {@code drbdadm adjust}: applies a changed configuration to a resource that is up. */
  void adjust(String name) throws StorageException;

  /** {@code drbdadm down}. */
  void down(String name) throws StorageException;

  /** {@code drbdadm primary}, with {@code --force} only for the first promotion of new data. */
  void primary(String name, boolean force) throws StorageException;

  /** {@code drbdadm secondary}. */
  void secondary(String name) throws StorageException;

  /**
   * {@code drbdadm -- --clear-bitmap new-current-uuid}: declares both sides equal without a sync.
   */
  void skipInitialSync(String name) throws StorageException;

  /** {@code drbdadm resize}: grows the device after both backing LVs grew. */
  void resize(String name) throws StorageException;

  /** {@code drbdadm suspend-io}: holds new I/O on the device; what is in flight completes. */
  void suspendIo(String name) throws StorageException;

  /** {@code drbdadm resume-io}: releases held I/O. */
  void resumeIo(String name) throws StorageException;

  /**
   * {@code drbdadm detach}: takes the backing device away, leaving the resource Diskless. DRBD
   * refuses it on a primary with no up-to-date peer unless {@code force}; a forced detach returns
   * at once, and requests held or sent later fail unless a peer serves them.
   */
  void detach(String name, boolean force) throws StorageException;

  /** {@code drbdadm attach}: gives a Diskless resource its backing device (and metadata) again. */
  void attach(String name) throws StorageException;

  /** {@code drbdadm disconnect}: drops the network configuration; the resource is StandAlone. */
  void disconnect(String name) throws StorageException;

  /**
   * {@code drbdadm connect} of a StandAlone resource; with {@code discardMyData} this side becomes
   * the sync target should the handshake find a split brain, giving up what it wrote alone.
   */
  void connect(String name, boolean discardMyData) throws StorageException;

  /**
   * Peer losses the fence-peer handler recorded for resources that are still without their peer,
   * and that nobody acknowledged yet: their I/O is held until {@link #acknowledgePeerLoss}.
   */
  List<PeerLoss> unacknowledgedPeerLosses() throws StorageException;

  /**
   * Tells the handler that the operator recorded this loss (the peer counts as outdated), so the
   * resource's I/O goes on without the peer. False when no such record is waiting.
   */
  boolean acknowledgePeerLoss(PeerLoss loss) throws StorageException;
}
