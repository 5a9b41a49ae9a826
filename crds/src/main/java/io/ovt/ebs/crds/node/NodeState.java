package io.ovt.ebs.crds.node;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a node's daemon answers, in the words of {@code openstack volume service list}. */
public enum NodeState {
  @JsonProperty("up")
  UP,
  @JsonProperty("down")
  DOWN
}
