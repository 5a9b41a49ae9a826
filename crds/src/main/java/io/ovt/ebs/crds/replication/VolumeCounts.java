package io.ovt.ebs.crds.replication;

/** How many volumes of a pair are in each replication state. */
public class VolumeCounts {
  private int total;
  private int upToDate;
  private int syncing;
  private int degraded;

  public int getTotal() {
    return total;
  }

  public void setTotal(int total) {
    this.total = total;
  }

  public int getUpToDate() {
    return upToDate;
  }

  public void setUpToDate(int upToDate) {
    this.upToDate = upToDate;
  }

  public int getSyncing() {
    return syncing;
  }

  public void setSyncing(int syncing) {
    this.syncing = syncing;
  }

  public int getDegraded() {
    return degraded;
  }

  public void setDegraded(int degraded) {
    this.degraded = degraded;
  }
}
