package io.ovt.ebs.nodeapi;

import java.util.List;

/**
 * A snapshot LV of a volume on this node.
 *
 * @param name the snapshot's local name
 * @param origin the volume it was taken of
 * @param provisioning thin (a thin snapshot) or thick (a copy-on-write snapshot)
 * @param sizeBytes the snapshot LV's size (for a thick one, its copy-on-write area)
 * @param dataBytes how many bytes of volume data it holds (the volume's device size then)
 * @param usedPercent how full its copy-on-write area is (thick), or how much of it is written
 * @param dependents LVs created from it that still need it
 */
public record ObservedSnapshot(
    String name,
    String origin,
    Provisioning provisioning,
    long sizeBytes,
    long dataBytes,
    double usedPercent,
    List<String> dependents) {

  public ObservedSnapshot {
    dependents = dependents == null ? List.of() : List.copyOf(dependents);
  }
}
