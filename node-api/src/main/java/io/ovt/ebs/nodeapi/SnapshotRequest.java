package io.ovt.ebs.nodeapi;

/**
 * Body of {@code POST /v1/volumes/{name}/snapshots}: take a snapshot of the volume's LV here.
 *
 * @param name local name of the snapshot LV
 * @param suspensionId when set, the snapshot is taken only while this I/O suspension of the volume
 *     still holds, so that it matches a snapshot taken on the peer during the same suspension
 */
public record SnapshotRequest(String name, String suspensionId) {}
