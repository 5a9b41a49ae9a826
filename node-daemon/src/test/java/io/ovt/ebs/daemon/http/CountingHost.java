package io.ovt.ebs.daemon.http;

import io.ovt.ebs.daemon.host.BlockTool;
import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.DrbdTool;
import io.ovt.ebs.daemon.host.ImageTool;
import io.ovt.ebs.daemon.host.LvmReport;
import io.ovt.ebs.daemon.host.LvmTool;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.daemon.host.TargetTool;
import io.ovt.ebs.nodeapi.HostType;
import io.ovt.ebs.nodeapi.NodeInfo;
import io.ovt.ebs.nodeapi.PeerLoss;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a host and counts its reads and its state-changing operations. */
final class CountingHost implements StorageHost {
  final AtomicInteger reads = new AtomicInteger();
  final AtomicInteger changes = new AtomicInteger();
  private final StorageHost host;

  CountingHost(StorageHost host) {
    this.host = host;
  }

  @Override
  public LvmTool lvm() {
    LvmTool lvm = host.lvm();
    return new LvmTool() {
      @Override
      public LvmReport report() throws StorageException {
        reads.incrementAndGet();
        return lvm.report();
      }

      @Override
      public void createThick(String name, long size, Set<String> tags) throws StorageException {
        changes.incrementAndGet();
        lvm.createThick(name, size, tags);
      }

      @Override
      public void createThin(String name, long size, String pool, Set<String> tags)
          throws StorageException {
        changes.incrementAndGet();
        lvm.createThin(name, size, pool, tags);
      }

      @Override
      public void createSnapshot(String origin, String name, long cow, Set<String> tags)
          throws StorageException {
        changes.incrementAndGet();
        lvm.createSnapshot(origin, name, cow, tags);
      }

      @Override
      public void removeTag(String name, String tag) throws StorageException {
        changes.incrementAndGet();
        lvm.removeTag(name, tag);
      }

      @Override
      public void extend(String name, long size) throws StorageException {

        changes.incrementAndGet();
        lvm.extend(name, size);
      }

      @Override
      public void remove(String name) throws StorageException {
        changes.incrementAndGet();
        lvm.remove(name);
      }
    };
  }

  @Override
  public DrbdTool drbd() {
    return new CountingDrbd(host.drbd());
  }

  @Override
  public BlockTool blocks() {
    return host.blocks();
  }

  @Override
  public ImageTool images() {
    return host.images();
  }

  @Override
  public TargetTool targets() {
    TargetTool targets = host.targets();
    return new TargetTool() {
      @Override
      public List<TargetSpec> list() throws StorageException {
        reads.incrementAndGet();
        return targets.list();
      }

      @Override
      public void ensure(TargetSpec target) throws StorageException {
        changes.incrementAndGet();
        targets.ensure(target);
      }

      @Override
      public void remove(String iqn) throws StorageException {
        changes.incrementAndGet();
        targets.remove(iqn);
      }
    };
  }

  @Override
  public HostType type() {
    return host.type();
  }

  @Override
  public String hostname() {
    return host.hostname();
  }

  @Override
  public NodeInfo.Versions versions(String daemonVersion) throws StorageException {
    return host.versions(daemonVersion);
  }

  private final class CountingDrbd implements DrbdTool {
    private final DrbdTool drbd;

    CountingDrbd(DrbdTool drbd) {
      this.drbd = drbd;
    }

    @Override
    public List<DrbdResourceStatus> status() throws StorageException {
      reads.incrementAndGet();
      return drbd.status();
    }

    @Override
    public List<PeerLoss> unacknowledgedPeerLosses() throws StorageException {
      reads.incrementAndGet();
      return drbd.unacknowledgedPeerLosses();
    }

    @Override
    public boolean acknowledgePeerLoss(PeerLoss loss) throws StorageException {
      changes.incrementAndGet();
      return drbd.acknowledgePeerLoss(loss);
    }

    @Override
    public List<DrbdResourceConfig> configs() throws StorageException {
      reads.incrementAndGet();
      return drbd.configs();
    }

    @Override
    public void writeConfig(DrbdResourceConfig config) throws StorageException {
      changes.incrementAndGet();
      drbd.writeConfig(config);
    }

    @Override
    public void removeConfig(String name) throws StorageException {
      changes.incrementAndGet();
      drbd.removeConfig(name);
    }

    @Override
    public void ensureMetadata(String name) throws StorageException {
      changes.incrementAndGet();
      drbd.ensureMetadata(name);
    }

    @Override
    public boolean hasFreshMetadata(String name) throws StorageException {
      reads.incrementAndGet();
      return drbd.hasFreshMetadata(name);
    }

    @Override
    public void up(String name) throws StorageException {
      changes.incrementAndGet();
      drbd.up(name);
    }

    @Override
    public void adjust(String name) throws StorageException {
      changes.incrementAndGet();
      drbd.adjust(name);
    }

    @Override
    public void down(String name) throws StorageException {
      changes.incrementAndGet();
      drbd.down(name);
    }

    @Override
    public void primary(String name, boolean force) throws StorageException {
      changes.incrementAndGet();
      drbd.primary(name, force);
    }

    @Override
    public void secondary(String name) throws StorageException {
      changes.incrementAndGet();
      drbd.secondary(name);
    }

    @Override
    public void skipInitialSync(String name) throws StorageException {
      changes.incrementAndGet();
      drbd.skipInitialSync(name);
    }

    @Override
    public void suspendIo(String name) throws StorageException {
      changes.incrementAndGet();
      drbd.suspendIo(name);
    }

    @Override
    public void resumeIo(String name) throws StorageException {
      changes.incrementAndGet();
      drbd.resumeIo(name);
    }

    @Override
    public void resize(String name) throws StorageException {
      changes.incrementAndGet();
      drbd.resize(name);
    }

    @Override
    public void detach(String name, boolean force) throws StorageException {
      changes.incrementAndGet();
      drbd.detach(name, force);
    }

    @Override
    public void attach(String name) throws StorageException {
      changes.incrementAndGet();
      drbd.attach(name);
    }

    @Override
    public void disconnect(String name) throws StorageException {
      changes.incrementAndGet();
      drbd.disconnect(name);
    }

    @Override
    public void connect(String name, boolean discardMyData) throws StorageException {
      changes.incrementAndGet();
      drbd.connect(name, discardMyData);
    }
  }
}
