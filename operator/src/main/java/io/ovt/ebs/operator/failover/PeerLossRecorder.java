package io.ovt.ebs.operator.failover;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.nodeapi.PeerLoss;
import io.ovt.ebs.operator.events.EventRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a primary's lost DRBD peer as outdated in the Volume's status ({@code
 * secondaryOutdatedSince}, which automatic failover reads) before the primary may write without it:
 * its fence-peer handler holds the I/O until the renewal that acknowledges what this returns. A
 * primary the operator cannot hear keeps its I/O held, so it never acknowledges a write that a
 * failover to the peer would lose.
 */
public final class PeerLossRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(PeerLossRecorder.class);

  /** What to do with one reported loss. Pure. */
  enum Verdict {
    /** The node is the volume's primary and the status does not say so yet: write it. */
    RECORD,
    /** Already recorded (an earlier loss counts from its own time): acknowledge. */
    ALREADY_RECORDED,
    /** Not this volume's primary any more (or no such volume): its I/O stays held. */
    IGNORE
  }

  private final KubernetesClient client;
  private final Function<String, Optional<Volume>> volumeByLocalName;
  private final EventRecorder events;

  /**
   * @param volumeByLocalName finds the Volume whose DRBD resource has that name (from a cache)
   */
  public PeerLossRecorder(
      KubernetesClient client,
      Function<String, Optional<Volume>> volumeByLocalName,
      EventRecorder events) {
    this.client = client;
    this.volumeByLocalName = volumeByLocalName;
    this.events = events;
  }

  /** The verdict for a loss that {@code node} reports of {@code volume} (may be null). */
  static Verdict verdict(String node, Volume volume) {
    if (volume == null
        || volume.getStatus() == null
        || !node.equals(volume.getStatus().getPrimaryNode())) {
      return Verdict.IGNORE;
    }
    return volume.getStatus().getSecondaryOutdatedSince() == null
        ? Verdict.RECORD
        : Verdict.ALREADY_RECORDED;
  }

  /** Records the losses {@code node} reports; answers those now recorded, to acknowledge. */
  public List<PeerLoss> record(String node, List<PeerLoss> losses) {
    List<PeerLoss> recorded = new ArrayList<>();
    for (PeerLoss loss : losses) {
      Volume volume = volumeByLocalName.apply(loss.volume()).orElse(null);
      switch (verdict(node, volume)) {
        case IGNORE ->
            LOG.warn(
                "{} reports {} without its peer since {} but is not its primary: its I/O stays held",
                node,
                loss.volume(),
                loss.since());
        case ALREADY_RECORDED -> recorded.add(loss);
        case RECORD -> {
          if (write(volume, loss)) {
            recorded.add(loss);
            events.record(
                volume,
                EventRecorder.Type.Warning,
                PolicyReason.StandbyOutdated,
                "the primary "
                    + node
                    + " lost its DRBD peer at "
                    + loss.since()
                    + " and writes alone: the standby is outdated until it has resynced");
          }
        }
      }
    }
    return recorded;
  }

  /** Writes the time into the status unless another loss got there first; false on failure. */
  private boolean write(Volume volume, PeerLoss loss) {
    try {
      client
          .resources(Volume.class)
          .inNamespace(volume.getMetadata().getNamespace())
          .withName(volume.getMetadata().getName())
          .editStatus(
              v -> {
                if (v.getStatus().getSecondaryOutdatedSince() == null) {
                  v.getStatus().setSecondaryOutdatedSince(loss.since().toString());
                }
                return v;
              });
      return true;
    } catch (KubernetesClientException e) {
      // Not acknowledged: the handler keeps the I/O held and the next renewal tries again.
      LOG.warn(
          "cannot record that {} is outdated: {}", volume.getMetadata().getName(), e.getMessage());
      return false;
    }
  }
}
