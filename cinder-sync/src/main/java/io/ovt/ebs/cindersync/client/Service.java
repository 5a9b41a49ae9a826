package io.ovt.ebs.cindersync.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One row of {@code GET /os-services}: a Cinder service and its replication state. */
public record Service(
    String binary,
    String host,
    String zone,
    String status,
    String state,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("disabled_reason") String disabledReason,
    @JsonProperty("replication_status") String replicationStatus,
    @JsonProperty("active_backend_id") String activeBackendId,
    Boolean frozen,
    @JsonProperty("backend_state") String backendState,
    String cluster) {

  /** True while the frozen flag is set (a thawed or never-frozen service reports false or none). */
  public boolean isFrozen() {
    return Boolean.TRUE.equals(frozen);
  }
}
