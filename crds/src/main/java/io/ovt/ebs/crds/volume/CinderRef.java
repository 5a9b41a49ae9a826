package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** The Cinder record a resource mirrors, when it came from Cinder. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CinderRef {
  private static final String UUID =
      "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

  @Pattern(UUID)
  @JsonPropertyDescription("Cinder id of the volume or snapshot.")
  private String id;

  @Pattern("^[0-9a-f]{32}$|" + UUID)
  @JsonPropertyDescription("Cinder project (tenant) id.")
  private String projectId;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getProjectId() {
    return projectId;
  }

  public void setProjectId(String projectId) {
    this.projectId = projectId;
  }
}
