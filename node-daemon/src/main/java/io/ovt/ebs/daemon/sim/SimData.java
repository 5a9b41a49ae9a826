package io.ovt.ebs.daemon.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a simulated LV holds: the writes that reached it, each a named token over a byte range, so a
 * test can tell exactly which writes a copy, a snapshot or a resync carried over.
 */
final class SimData {
  /** One write: {@code token} over {@code [offset, offset + length)}. */
  record Write(long offset, long length, String token) {
    long end() {
      return offset + length;
    }
  }

  private final List<Write> writes = new ArrayList<>();

  SimData copy() {
    SimData copy = new SimData();
    copy.writes.addAll(writes);
    return copy;
  }

  /** Records a write; it replaces the earlier writes it overlaps. */
  void write(Write write) {
    clear(write.offset(), write.end());
    writes.add(write);
  }

  /** Forgets every write that overlaps {@code [from, to)}, as zeroing that range would. */
  void clear(long from, long to) {
    writes.removeIf(w -> w.offset() < to && w.end() > from);
  }

  /** Replaces {@code [from, to)} with what {@code source} holds there. */
  void copyRange(SimData source, long from, long to) {
    clear(from, to);
    source.writes.stream().filter(w -> w.offset() >= from && w.end() <= to).forEach(writes::add);
  }

  /** Bytes written. */
  long writtenBytes() {
    return writes.stream().mapToLong(Write::length).sum();
  }

  /** The writes, by offset. */
  List<Write> writes() {
    return writes.stream().sorted(Comparator.comparingLong(Write::offset)).toList();
  }

  /** The tokens, by offset. */
  List<String> tokens() {
    return writes.stream()
        .sorted(Comparator.comparingLong(Write::offset))
        .map(Write::token)
        .toList();
  }
}
