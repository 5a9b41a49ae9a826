package io.ovt.ebs.operator.export;

import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.node.TargetHelper;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.nodeapi.DesiredExport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides a volume's iSCSI target from its VolumeExports: one target per volume, named as Cinder
 * names them, on its primary's portals, with one ACL per initiator of the exports in effect. Pure.
 */
public final class Exports {
  /** Cinder's default target prefix, so targets look the same to Nova as the seed's did. */
  public static final String IQN_PREFIX = "iqn.2010-10.org.openstack:";

  /** The LUN of a volume on LIO; tgt reserves LUN 0 for its controller, so there it is 1. */
  public static final int LIO_LUN = 0;

  /** The LUN of a volume on tgt. */
  public static final int TGT_LUN = 1;

  private static final int ISCSI_PORT = 3260;

  private Exports() {}

  /** The target IQN of a volume. */
  public static String targetIqn(String localName) {
    return IQN_PREFIX + localName;
  }

  /**
   * The exports in effect: those not being deleted; of those only the oldest unless the volume is
   * multi-attach, so a second host never writes a single-attach volume.
   */
  public static List<VolumeExport> inEffect(List<VolumeExport> oldestFirst, boolean multiAttach) {
    List<VolumeExport> live =
        oldestFirst.stream().filter(e -> e.getMetadata().getDeletionTimestamp() == null).toList();
    return multiAttach || live.size() <= 1 ? live : live.subList(0, 1);
  }

  /**
   * The exports in effect that the target serves: those naming the same CHAP Secret (or none) as
   * the oldest, because a volume's target has one set of credentials, as Cinder keeps one per
   * volume.
   */
  public static List<VolumeExport> sameChap(List<VolumeExport> inEffect) {
    if (inEffect.isEmpty()) {
      return inEffect;
    }
    String secret = inEffect.get(0).getSpec().getChapSecret();
    return inEffect.stream()
        .filter(e -> Objects.equals(secret, e.getSpec().getChapSecret()))
        .toList();
  }

  /**
   * The target the primary should have, or empty when no export is served.
   *
   * @param served the exports served ({@link #sameChap})
   * @param chap their CHAP credentials, or null for none
   */
  public static Optional<DesiredExport> desired(
      String localName, List<VolumeExport> served, StorageNode primary, DesiredExport.Chap chap) {
    Set<String> initiators = new LinkedHashSet<>();
    served.forEach(e -> initiators.addAll(e.getSpec().getInitiators()));
    if (initiators.isEmpty()) {
      return Optional.empty();
    }
    int lun = primary.getSpec().getTargetHelper() == TargetHelper.TGTADM ? TGT_LUN : LIO_LUN;
    return Optional.of(
        new DesiredExport(
            targetIqn(localName), lun, new ArrayList<>(initiators), portals(primary), chap));
  }

  /** A node's portals as ip:port, 3260 where the spec gives no port. */
  public static List<String> portals(StorageNode node) {
    return node.getSpec().getTargetPortals().stream()
        .map(p -> p.contains(":") ? p : p + ":" + ISCSI_PORT)
        .toList();
  }
}
