package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvKind;
import io.ovt.ebs.daemon.host.LvmReport;
import io.ovt.ebs.daemon.host.LvmTool;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** LVM of a simulated host: extents, free space, thin pools and tags, with LVM's refusals. */
final class SimLvm implements LvmTool {
  private final SimulatedHost host;

  SimLvm(SimulatedHost host) {
    this.host = host;
  }

  @Override
  public LvmReport report() {
    synchronized (host.network) {
      List<LogicalVolume> all = new ArrayList<>();
      for (SimLv lv : host.lvs.values()) {
        LogicalVolume seen = lv.snapshot();
        if (lv.kind == LvKind.THIN_POOL) {
          seen =
              new LogicalVolume(
                  lv.name,
                  lv.sizeBytes,
                  lv.kind,
                  null,
                  poolDataPercent(lv),
                  1.0,
                  lv.tags,
                  false,
                  null);
        }
        all.add(seen);
      }
      return new LvmReport(
          host.volumeGroup,
          host.vgSizeBytes,
          host.vgSizeBytes - host.usedBytes(),
          SimulatedHost.EXTENT_BYTES,
          all);
    }
  }

  @Override
  public void createThick(String name, long sizeBytes, Set<String> tags) throws StorageException {
    long size = roundUp(sizeBytes);
    List<String> command =
        List.of("lvcreate", "-y", "-L", size + "b", "-n", name, tagArg(tags), host.volumeGroup);
    synchronized (host.network) {
      host.faults().check(SimOperation.LV_CREATE, command);
      refuseExisting(name, command);
      requireFree(size, command);
      host.lvs.put(name, new SimLv(name, LvKind.THICK, null, size, tags));
    }
  }

  @Override
  public void createThin(String name, long sizeBytes, String pool, Set<String> tags)
      throws StorageException {
    long size = roundUp(sizeBytes);
    List<String> command =
        List.of(
            "lvcreate",
            "-V",
            size + "b",
            "--thinpool",
            host.volumeGroup + "/" + pool,
            "-n",
            name,
            tagArg(tags));
    synchronized (host.network) {
      host.faults().check(SimOperation.LV_CREATE, command);
      SimLv thinPool = host.lvs.get(pool);
      if (thinPool == null || thinPool.kind != LvKind.THIN_POOL) {
        throw failed(
            ErrorCode.CONFLICT,
            command,
            "Thin pool " + host.volumeGroup + "/" + pool + " not found.");
      }
      refuseExisting(name, command);
      // LVM lets thin volumes over-commit the pool (it only warns); the operator limits it.
      host.lvs.put(name, new SimLv(name, LvKind.THIN, pool, size, tags));
    }
  }

  @Override
  public void createSnapshot(String origin, String name, long cowBytes, Set<String> tags)
      throws StorageException {
    List<String> command =
        List.of("lvcreate", "--yes", "--snapshot", "-n", name, host.volumeGroup + "/" + origin);
    synchronized (host.network) {
      host.faults().check(SimOperation.LV_SNAPSHOT, command);
      SimLv source = existing(origin, command);
      refuseExisting(name, command);
      if (source.kind == LvKind.THIN) {
        SimLv snapshot = new SimLv(name, LvKind.THIN, source.pool, source.sizeBytes, tags, origin);
        snapshot.dataPercent = source.dataPercent;
        copyContent(source, snapshot);
        host.lvs.put(name, snapshot);
        return;
      }
      if (source.kind != LvKind.THICK) {
        throw failed(
            ErrorCode.COMMAND_FAILED,
            command,
            "Snapshots of " + source.kind + " volumes are not supported.");
      }
      long cow = roundUp(cowBytes);
      requireFree(cow, command);
      SimLv snapshot = new SimLv(name, LvKind.SNAPSHOT, null, cow, tags, origin);
      snapshot.originBytes = source.sizeBytes;
      copyContent(source, snapshot);
      host.lvs.put(name, snapshot);
    }
  }

  /** A snapshot shows its origin's blocks, DRBD metadata at the end included. */
  private static void copyContent(SimLv origin, SimLv snapshot) {
    snapshot.data = origin.data.copy();
    snapshot.meta = origin.meta == null ? null : origin.meta.copy();
  }

  @Override
  public void removeTag(String name, String tag) throws StorageException {
    List<String> command = List.of("lvchange", "--deltag", tag, host.volumeGroup + "/" + name);
    synchronized (host.network) {
      existing(name, command).tags.remove(tag);
    }
  }

  @Override
  public void extend(String name, long sizeBytes) throws StorageException {

    long size = roundUp(sizeBytes);
    List<String> command = List.of("lvextend", "-L", size + "b", host.volumeGroup + "/" + name);
    synchronized (host.network) {
      host.faults().check(SimOperation.LV_EXTEND, command);
      SimLv lv = existing(name, command);
      if (size <= lv.sizeBytes) {
        throw failed(
            ErrorCode.CONFLICT,
            command,
            String.format(
                "New size given (%d extents) not larger than existing size (%d extents)",
                size / SimulatedHost.EXTENT_BYTES, lv.sizeBytes / SimulatedHost.EXTENT_BYTES));
      }
      long growth = size - lv.sizeBytes;
      long free = host.vgSizeBytes - host.usedBytes();
      if (lv.kind == LvKind.THICK && growth > free) {
        throw failed(
            ErrorCode.NO_SPACE,
            command,
            String.format(
                "Insufficient free space: %d extents needed, but only %d available",
                growth / SimulatedHost.EXTENT_BYTES, free / SimulatedHost.EXTENT_BYTES));
      }
      lv.sizeBytes = size;
    }
  }

  @Override
  public void remove(String name) throws StorageException {
    List<String> command = List.of("lvremove", "-y", host.volumeGroup + "/" + name);
    synchronized (host.network) {
      host.faults().check(SimOperation.LV_REMOVE, command);
      SimLv lv = existing(name, command);
      if (lv.openers > 0) {
        throw failed(
            ErrorCode.DEVICE_IN_USE,
            command,
            "Logical volume " + host.volumeGroup + "/" + name + " in use.");
      }
      host.lvs.remove(name);
      // lvremove -y of an origin takes its classic snapshots with it; thin snapshots stand alone.
      host.lvs.values().removeIf(s -> s.kind == LvKind.SNAPSHOT && name.equals(s.origin));
    }
  }

  /** lvcreate's refusal when the volume group lacks the extents. */
  private void requireFree(long bytes, List<String> command) throws StorageException {
    long free = host.vgSizeBytes - host.usedBytes();
    if (bytes > free) {
      throw failed(
          ErrorCode.NO_SPACE,
          command,
          String.format(
              "Volume group \"%s\" has insufficient free space (%d extents): %d required.",
              host.volumeGroup,
              free / SimulatedHost.EXTENT_BYTES,
              bytes / SimulatedHost.EXTENT_BYTES));
    }
  }

  private static String tagArg(Set<String> tags) {
    return "--addtag=" + String.join(",", tags);
  }

  private static long roundUp(long bytes) {
    return ((bytes + SimulatedHost.EXTENT_BYTES - 1) / SimulatedHost.EXTENT_BYTES)
        * SimulatedHost.EXTENT_BYTES;
  }

  private double poolDataPercent(SimLv pool) {
    double written = 0;
    for (SimLv lv : host.lvs.values()) {
      if (pool.name.equals(lv.pool)) {
        written += lv.sizeBytes * lv.dataPercent / 100.0;
      }
    }
    return Math.min(100.0, 100.0 * written / pool.sizeBytes);
  }

  private void refuseExisting(String name, List<String> command) throws StorageException {
    if (host.lvs.containsKey(name)) {
      throw failed(
          ErrorCode.CONFLICT,
          command,
          "Logical Volume \""
              + name
              + "\" already exists in volume group \""
              + host.volumeGroup
              + "\"");
    }
  }

  private SimLv existing(String name, List<String> command) throws StorageException {
    SimLv lv = host.lvs.get(name);
    if (lv == null) {
      throw failed(
          ErrorCode.NOT_FOUND,
          command,
          "Failed to find logical volume \"" + host.volumeGroup + "/" + name + "\"");
    }
    return lv;
  }

  static StorageException failed(ErrorCode code, List<String> command, String stderr) {
    return new StorageException(code, stderr, command, stderr);
  }
}
