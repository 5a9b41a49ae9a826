package io.ovt.ebs.cindersync.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A Cinder volume, with the fields the mirror reads. */
public record Volume(
    String id,
    String name,
    String status,
    int size,
    @JsonProperty("volume_type") String volumeType,
    @JsonProperty("volume_type_id") String volumeTypeId,
    @JsonProperty("os-vol-tenant-attr:tenant_id") String projectId,
    @JsonProperty("os-vol-host-attr:host") String host,
    @JsonProperty("replication_status") String replicationStatus,
    @JsonProperty("snapshot_id") String snapshotId,
    @JsonProperty("source_volid") String sourceVolumeId,
    @JsonProperty("availability_zone") String availabilityZone,
    boolean multiattach,
    Map<String, String> metadata,
    List<Attachment> attachments,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt) {

  /** One attachment of the volume to a server. */
  public record Attachment(
      @JsonProperty("attachment_id") String attachmentId,
      @JsonProperty("server_id") String serverId,
      @JsonProperty("host_name") String hostName) {}

  public Volume {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  /** Cinder's "last changed" time: {@code updated_at}, or {@code created_at} before any change. */
  public Instant changedAt() {
    return updatedAt != null ? updatedAt : createdAt;
  }
}
