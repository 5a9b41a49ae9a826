package io.ovt.ebs.crds.node;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The iSCSI target implementation of a storage host, named as Cinder's {@code target_helper}. */
public enum TargetHelper {
  @JsonProperty("lioadm")
  LIOADM,
  @JsonProperty("tgtadm")
  TGTADM
}
