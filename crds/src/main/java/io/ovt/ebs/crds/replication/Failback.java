package io.ovt.ebs.crds.replication;

/** What happens once a failed node is back and up to date. */
public enum Failback {
  /** Roles stay swapped, as the seed's runbook ends; a person moves them back by a spec edit. */
  Manual
}
