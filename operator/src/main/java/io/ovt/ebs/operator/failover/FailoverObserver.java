package io.ovt.ebs.operator.failover;

import io.ovt.ebs.crds.replication.FailoverRecord;

/** Told when the operator decides a failover or switchover and when one completes. */
public interface FailoverObserver {
  /** A failover or switchover was decided; the record has its trigger, source and target. */
  void started(FailoverRecord record);

  /** Every volume of the record is served by its target; the record has the duration. */
  void completed(FailoverRecord record);

  /** An observer that ignores both. */
  static FailoverObserver none() {
    return new FailoverObserver() {
      @Override
      public void started(FailoverRecord record) {}

      @Override
      public void completed(FailoverRecord record) {}
    };
  }
}
