package io.ovt.ebs.operator.node;

import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.IoSuspension;
import io.ovt.ebs.nodeapi.Lease;
import io.ovt.ebs.nodeapi.NodeApi;
import io.ovt.ebs.nodeapi.NodeApiException;
import io.ovt.ebs.nodeapi.NodeApiValidation;
import io.ovt.ebs.nodeapi.NodeInfo;
import io.ovt.ebs.nodeapi.NodeRejectedException;
import io.ovt.ebs.nodeapi.ObservedSnapshot;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.PeerLoss;
import io.ovt.ebs.nodeapi.SnapshotRequest;
import io.ovt.ebs.nodeapi.UploadRequest;
import io.ovt.ebs.nodeapi.UploadState;
import io.ovt.ebs.nodeapi.VolumeResult;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One node's API with its per-volume reads and converges batched: concurrent {@link #volume} calls
 * become one {@code GET /v1/volumes?name=...}, concurrent {@link #put} calls one {@code PUT
 * /v1/volumes}, each answered to its caller as the single call would have been. Everything else
 * goes straight through.
 */
final class BatchingNodeApi implements NodeApi {
  /** Batches on their way to one node at once, per kind: a little parallelism, no more. */
  static final int IN_FLIGHT = 2;

  private final NodeApi node;
  private final CallBatcher<String, Optional<ObservedVolume>> reads;
  private final CallBatcher<DesiredVolume, VolumeResult> converges;

  BatchingNodeApi(NodeApi node) {
    this.node = node;
    this.reads =
        new CallBatcher<>(this::read, Function.identity(), NodeApiValidation.MAX_BATCH, IN_FLIGHT);
    this.converges =
        new CallBatcher<>(
            this::converge, DesiredVolume::name, NodeApiValidation.MAX_BATCH, IN_FLIGHT);
  }

  @Override
  public Optional<ObservedVolume> volume(String name) throws NodeApiException {
    return reads.call(name);
  }

  @Override
  public ObservedVolume put(DesiredVolume desired) throws NodeApiException {
    return converges.call(desired).orThrow();
  }

  private List<Optional<ObservedVolume>> read(List<String> names) throws NodeApiException {
    if (names.size() == 1) {
      return List.of(node.volume(names.get(0)));
    }
    Map<String, ObservedVolume> seen =
        node.volumes(names).stream()
            .collect(Collectors.toMap(ObservedVolume::name, v -> v, (a, b) -> a));
    return names.stream().map(n -> Optional.ofNullable(seen.get(n))).toList();
  }

  private List<VolumeResult> converge(List<DesiredVolume> batch) throws NodeApiException {
    if (batch.size() == 1) {
      DesiredVolume only = batch.get(0);
      try {
        return List.of(VolumeResult.of(node.put(only)));
      } catch (NodeRejectedException e) {
        return List.of(VolumeResult.refused(only.name(), e.error()));
      }
    }
    return node.putAll(batch);
  }

  @Override
  public NodeInfo node() throws NodeApiException {
    return node.node();
  }

  @Override
  public List<ObservedVolume> volumes() throws NodeApiException {
    return node.volumes();
  }

  @Override
  public List<ObservedVolume> volumes(Collection<String> names) throws NodeApiException {
    return node.volumes(names);
  }

  @Override
  public List<VolumeResult> putAll(List<DesiredVolume> desired) throws NodeApiException {
    return node.putAll(desired);
  }

  @Override
  public void delete(String name) throws NodeApiException {
    node.delete(name);
  }

  @Override
  public ObservedSnapshot createSnapshot(String volume, SnapshotRequest request)
      throws NodeApiException {
    return node.createSnapshot(volume, request);
  }

  @Override
  public ObservedVolume dropReplication(String volume) throws NodeApiException {
    return node.dropReplication(volume);
  }

  @Override
  public void deleteSnapshot(String volume, String snapshot) throws NodeApiException {
    node.deleteSnapshot(volume, snapshot);
  }

  @Override
  public UploadState startUpload(String name, UploadRequest request) throws NodeApiException {
    return node.startUpload(name, request);
  }

  @Override
  public Optional<UploadState> upload(String name) throws NodeApiException {
    return node.upload(name);
  }

  @Override
  public void deleteUpload(String name) throws NodeApiException {
    node.deleteUpload(name);
  }

  @Override
  public IoSuspension suspendIo(String volume, Duration hold) throws NodeApiException {
    return node.suspendIo(volume, hold);
  }

  @Override
  public boolean resumeIo(String volume, String suspensionId) throws NodeApiException {
    return node.resumeIo(volume, suspensionId);
  }

  @Override
  public Lease renewLease(Duration duration) throws NodeApiException {
    return node.renewLease(duration);
  }

  @Override
  public Lease renewLease(Duration duration, List<PeerLoss> recorded) throws NodeApiException {
    return node.renewLease(duration, recorded);
  }
}
