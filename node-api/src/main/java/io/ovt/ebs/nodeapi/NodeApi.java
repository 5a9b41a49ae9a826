package io.ovt.ebs.nodeapi;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The node daemon's API as the operator sees it. */
public interface NodeApi {
  /** {@code GET /v1/node}: identity, versions and capacity; also the heartbeat. */
  NodeInfo node() throws NodeApiException;

  /** {@code GET /v1/volumes}: every volume this node holds, observed in one pass. */
  List<ObservedVolume> volumes() throws NodeApiException;

  /** {@code GET /v1/volumes/{name}}: one volume, or empty when the node has no trace of it. */
  Optional<ObservedVolume> volume(String name) throws NodeApiException;

  /**
   * {@code GET /v1/volumes?name=...}: the named volumes this node has a trace of, from one
   * observation of the host (at most {@link NodeApiValidation#MAX_BATCH} names).
   */
  List<ObservedVolume> volumes(Collection<String> names) throws NodeApiException;

  /** {@code PUT /v1/volumes/{name}}: converge one volume to the desired state; returns it. */
  ObservedVolume put(DesiredVolume desired) throws NodeApiException;

  /**
   * {@code PUT /v1/volumes}: converges many volumes (distinct names, at most {@link
   * NodeApiValidation#MAX_BATCH}) with one observation of the host per round instead of one per
   * volume; answers each volume's result in the order given. A refused volume does not stop the
   * others.
   */
  List<VolumeResult> putAll(List<DesiredVolume> desired) throws NodeApiException;

  /** {@code DELETE /v1/volumes/{name}}: remove every trace of a volume; absent is success. */
  void delete(String name) throws NodeApiException;

  /**
   * {@code DELETE /v1/volumes/{name}/drbd}: turns replication off on this node, the volume's
   * UpToDate primary, which must not be exported: the DRBD resource goes down and away, its
   * metadata at the LV's end is wiped, the LV and its data stay. No resource is success. Answers
   * the volume as it is then.
   */
  ObservedVolume dropReplication(String volume) throws NodeApiException;

  /**
   * {@code POST /v1/volumes/{name}/snapshots}: takes a snapshot of the volume's LV on this node; an
   * existing snapshot of that name and volume is success.
   */
  ObservedSnapshot createSnapshot(String volume, SnapshotRequest request) throws NodeApiException;

  /**
   * {@code DELETE /v1/volumes/{name}/snapshots/{snapshot}}: removes a snapshot nothing depends on;
   * absent is success.
   */
  void deleteSnapshot(String volume, String snapshot) throws NodeApiException;

  /**
   * {@code POST /v1/volumes/{name}/io-suspension}: holds the volume's I/O on this (primary) node
   * until every write it acknowledged is on both replicas; the daemon resumes by itself after
   * {@code hold}.
   */
  IoSuspension suspendIo(String volume, Duration hold) throws NodeApiException;

  /**
   * {@code DELETE /v1/volumes/{name}/io-suspension/{id}}: resumes I/O; true when the suspension
   * still held until now (it had not timed out).
   */
  boolean resumeIo(String volume, String suspensionId) throws NodeApiException;

  /**
   * {@code PUT /v1/lease}: grants (or renews) this node's fencing lease for {@code duration};
   * answers the lease and the volumes the node holds fenced.
   */
  Lease renewLease(Duration duration) throws NodeApiException;

  /**
   * A renewal that also acknowledges peer losses the operator has recorded (see {@link PeerLoss}):
   * their volumes' I/O goes on without the peer.
   */
  Lease renewLease(Duration duration, List<PeerLoss> recorded) throws NodeApiException;

  /**
   * {@code PUT /v1/uploads/{name}}: starts uploading a snapshot's data in the background, unless
   * that job exists; a job that failed (not refused) starts again. Answers the job's state.
   */
  UploadState startUpload(String name, UploadRequest request) throws NodeApiException;

  /** {@code GET /v1/uploads/{name}}: the upload job's state, or empty when there is none. */
  Optional<UploadState> upload(String name) throws NodeApiException;

  /**
   * {@code DELETE /v1/uploads/{name}}: stops the job if it runs and forgets it; absent is success.
   */
  void deleteUpload(String name) throws NodeApiException;
}
