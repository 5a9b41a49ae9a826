package io.ovt.ebs.cindersync.mirror;

/**
 * The CinderSynced condition a mirrored resource should show.
 *
 * @param name the resource's name
 * @param synced the condition's value
 */
public record SyncCondition(String name, boolean synced, SyncReason reason, String message) {

  /** Whether this is what the resource shows already (value, reason and message). */
  public boolean sameAs(SyncCondition shown) {
    return shown != null
        && shown.synced == synced
        && shown.reason == reason
        && message.equals(shown.message);
  }
}
