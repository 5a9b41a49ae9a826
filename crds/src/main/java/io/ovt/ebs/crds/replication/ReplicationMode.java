package io.ovt.ebs.crds.replication;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Optional;

/** The seed's replication modes and the DRBD protocol each one is. */
public enum ReplicationMode {
  /** Protocol A: a write completes once on the local disk and in the local TCP send buffer. */
  @JsonProperty("async")
  ASYNC('A'),
  /** Protocol B: a write completes once on the local disk and received by the peer. */
  @JsonProperty("semi-sync")
  SEMI_SYNC('B'),
  /** Protocol C: a write completes once on both disks; no acknowledged write is lost. */
  @JsonProperty("full-sync")
  FULL_SYNC('C');

  private final char drbdProtocol;

  ReplicationMode(char drbdProtocol) {
    this.drbdProtocol = drbdProtocol;
  }

  /** The DRBD protocol letter of this mode. */
  public char drbdProtocol() {
    return drbdProtocol;
  }

  /** The mode of a DRBD protocol letter as a status records it; empty for none or another. */
  public static Optional<ReplicationMode> ofProtocol(String protocol) {
    return Arrays.stream(values())
        .filter(m -> String.valueOf(m.drbdProtocol).equals(protocol))
        .findFirst();
  }
}
