package io.ovt.ebs.nodeapi;

/** DRBD replication state of a connection (DRBD 9's words; 8.4's cstate maps onto them). */
public enum ReplicationState {
  Off,
  Established,
  StartingSyncS,
  StartingSyncT,
  WFBitMapS,
  WFBitMapT,
  WFSyncUUID,
  SyncSource,
  SyncTarget,
  PausedSyncS,
  PausedSyncT,
  VerifyS,
  VerifyT,
  Ahead,
  Behind;

  /** True while data is being resynchronised between the replicas. */
  public boolean isSyncing() {
    return switch (this) {
      case StartingSyncS,
          StartingSyncT,
          WFBitMapS,
          WFBitMapT,
          WFSyncUUID,
          SyncSource,
          SyncTarget,
          PausedSyncS,
          PausedSyncT ->
          true;
      default -> false;
    };
  }
}
