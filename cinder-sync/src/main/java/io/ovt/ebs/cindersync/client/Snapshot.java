package io.ovt.ebs.cindersync.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/** A Cinder snapshot, with the fields the mirror reads. */
public record Snapshot(
    String id,
    String name,
    String status,
    int size,
    @JsonProperty("volume_id") String volumeId,
    @JsonProperty("os-extended-snapshot-attributes:project_id") String projectId,
    Map<String, String> metadata,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt) {

  public Snapshot {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** Cinder's "last changed" time: {@code updated_at}, or {@code created_at} before any change. */
  public Instant changedAt() {
    return updatedAt != null ? updatedAt : createdAt;
  }
}
