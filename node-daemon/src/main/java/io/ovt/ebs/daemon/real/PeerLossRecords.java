package io.ovt.ebs.daemon.real;

import io.ovt.ebs.daemon.files.DurableFiles;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.PeerLoss;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The fence-peer handler's files (see {@link FencingHandler}): {@code NAME} holds when the
 * resource's primary lost its peer, {@code NAME.ack} the same text once the operator recorded it;
 * the handler waits for that before it lets I/O go on without the peer.
 */
final class PeerLossRecords {
  private final Path dir;

  PeerLossRecords(Path dir) {
    this.dir = dir;
  }

  /** When the peer was lost, null without a record; a record that cannot be read is the epoch. */
  Instant since(String name) {
    Path record = dir.resolve(name);
    if (!Files.exists(record)) {
      return null;
    }
    try {
      return Instant.parse(Files.readString(record).strip());
    } catch (IOException | DateTimeParseException e) {
      return Instant.EPOCH; // a record we cannot read still means the peer was lost
    }
  }

  /** The peer is back up to date: the record and its acknowledgement have served. */
  void clear(String name) throws IOException {
    Files.deleteIfExists(dir.resolve(name + ".ack"));
    Files.deleteIfExists(dir.resolve(name));
  }

  /** The records of these resources that nobody acknowledged, by name. */
  List<PeerLoss> unacknowledged(Collection<String> names) {
    List<PeerLoss> waiting = new ArrayList<>();
    for (String name : names.stream().sorted().toList()) {
      Instant since = since(name);
      if (since != null && !acknowledged(name)) {
        waiting.add(new PeerLoss(name, since));
      }
    }
    return waiting;
  }

  /** Writes the acknowledgement when the record is the one the operator saw; false otherwise. */
  boolean acknowledge(PeerLoss loss) throws StorageException {
    Path record = dir.resolve(loss.volume());
    try {
      if (!Files.exists(record)) {
        return false;
      }
      String text = Files.readString(record);
      if (!loss.since().equals(parse(text))) {
        return false; // a later loss: the operator has not seen it yet
      }
      DurableFiles.replace(
          dir.resolve(loss.volume() + ".ack"), text.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (IOException e) {
      throw new StorageException(
          ErrorCode.COMMAND_FAILED,
          "cannot acknowledge the peer loss of " + loss.volume() + ": " + e.getMessage(),
          List.of(),
          null);
    }
  }

  private boolean acknowledged(String name) {
    try {
      Path ack = dir.resolve(name + ".ack");
      return Files.exists(ack) && Files.readString(ack).equals(Files.readString(dir.resolve(name)));
    } catch (IOException e) {
      return false;
    }
  }

  private static Instant parse(String text) {
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
