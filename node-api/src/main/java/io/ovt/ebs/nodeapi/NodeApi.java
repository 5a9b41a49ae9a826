package io.ovt.ebs.nodeapi;

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

  /** {@code PUT /v1/volumes/{name}}: converge one volume to the desired state; returns it. */
  ObservedVolume put(DesiredVolume desired) throws NodeApiException;

  /** {@code DELETE /v1/volumes/{name}}: remove every trace of a volume; absent is success. */
  void delete(String name) throws NodeApiException;
}
