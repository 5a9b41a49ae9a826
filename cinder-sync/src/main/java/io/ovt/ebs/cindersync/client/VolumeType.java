package io.ovt.ebs.cindersync.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** A Cinder volume type and its extra specs ({@code volume_backend_name}, replication, ...). */
public record VolumeType(
    String id,
    String name,
    @JsonProperty("os-volume-type-access:is_public") Boolean isPublic,
    @JsonProperty("extra_specs") Map<String, String> extraSpecs) {

  public VolumeType {
    extraSpecs = extraSpecs == null ? Map.of() : Map.copyOf(extraSpecs);
  }
}
