package io.ovt.ebs.cindersync.client;

import java.util.List;

/**
 * One page of a Cinder list: its items, and the marker for the next page or null after the last.
 */
public record Page<T>(List<T> items, String nextMarker) {
  public Page {
    items = List.copyOf(items);
  }

  /** True when no further page needs asking for. */
  public boolean isLast() {
    return nextMarker == null;
  }
}
