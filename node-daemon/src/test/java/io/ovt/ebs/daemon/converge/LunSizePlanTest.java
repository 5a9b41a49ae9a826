package io.ovt.ebs.daemon.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvKind;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.nodeapi.DesiredExport;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.Provisioning;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A target whose LUN lags behind its grown device (tgt) is refreshed; others are left alone. */
class LunSizePlanTest {
  private static final long GIB = 1L << 30;
  private static final String IQN = "iqn.2010-10.org.openstack:v1";

  private final HostLayout layout = new HostLayout("volumes", "pool", HostLayout.DEFAULT_TAG, "h");
  private final VolumePlanner planner = new VolumePlanner(layout);
  private final DesiredExport export =
      new DesiredExport(IQN, 1, List.of("iqn.1993-08.org.debian:01:c"), List.of("10.0.0.1:3260"));
  private final DesiredVolume desired =
      new DesiredVolume("v1", 2 * GIB, Provisioning.THICK, null, List.of(export));
  private final LogicalVolume lv =
      new LogicalVolume(
          "v1", 2 * GIB, LvKind.THICK, null, 0, 0, Set.of(HostLayout.DEFAULT_TAG), true, null);
  private final TargetSpec target =
      new TargetSpec(IQN, "v1", "/dev/volumes/v1", 1, export.initiators(), export.portals());

  @Test
  void anOutdatedLunIsRefreshedAndAnUpToDateOneIsNot() throws StorageException {
    VolumeView outdated =
        new VolumeView(
            "v1", lv, null, null, List.of(target), List.of(), List.of(), null, Set.of(IQN));
    assertThat(planner.plan(desired, outdated)).containsExactly(new Action.RefreshLunSize(IQN));
    VolumeView current = new VolumeView("v1", lv, null, null, List.of(target));
    assertThat(planner.plan(desired, current)).isEmpty();
  }
}
