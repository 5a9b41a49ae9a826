package io.ovt.ebs.nodeapi;

import java.time.Instant;
import java.util.Objects;

/**
 * A primary's lost DRBD peer, as its fence-peer handler recorded it: from {@code since} the peer
 * may miss writes. The handler holds the volume's I/O until the operator has recorded the peer as
 * outdated where failover decisions look, so that a primary never writes alone unbeknown to them.
 *
 * @param volume the volume (DRBD resource) name
 * @param since when the handler first recorded the loss; it identifies the record
 */
public record PeerLoss(String volume, Instant since) {
  public PeerLoss {
    Objects.requireNonNull(volume, "volume");
    Objects.requireNonNull(since, "since");
  }
}
