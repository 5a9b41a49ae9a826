package io.ovt.ebs.daemon.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvKind;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.DesiredSource;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.Provisioning;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner's decisions for volumes made from a source, without any host. */
class SourcePlannerTest {
  private static final long SIZE = 256L << 20;
  private static final String TAG = HostLayout.DEFAULT_TAG;
  private final HostLayout layout = new HostLayout("volumes", "pool", TAG, "hci-0001");
  private final VolumePlanner planner = new VolumePlanner(layout);

  @Test
  void aThinVolumeOfTheSourcesSizeInItsPoolIsAThinSnapshotTaggedWithItsSource() throws Exception {
    List<Action> plan =
        planner.plan(desired(Provisioning.THIN, SIZE), view(null, lv("src", LvKind.THIN, null)));
    assertThat(plan)
        .containsExactly(
            new Action.CreateSnapshotLv(
                "src", "cl", Set.of(TAG, TAG + "-init", TAG + "-from.src")));
  }

  @Test
  void anyOtherVolumeIsANewLvWithTheInitTag() throws Exception {
    assertThat(
            planner.plan(
                desired(Provisioning.THIN, 2 * SIZE), view(null, lv("src", LvKind.THIN, null))))
        .containsExactly(
            new Action.CreateLv(
                "cl",
                2 * SIZE,
                Provisioning.THIN,
                "pool",
                Set.of(TAG, TAG + "-init", TAG + "-from.src")));
    assertThat(
            planner.plan(
                desired(Provisioning.THICK, SIZE), view(null, lv("src", LvKind.THICK, null))))
        .singleElement()
        .isInstanceOf(Action.CreateLv.class);
  }

  @Test
  void anLvWithTheInitTagIsCopiedThroughATemporarySnapshotAndNothingElseHappens() throws Exception {
    LogicalVolume created = initLv(LvKind.THICK, null);
    List<Action> plan =
        planner.plan(desired(Provisioning.THICK, SIZE), view(created, null), InitProgress.NONE);
    assertThat(plan).singleElement().isInstanceOf(InitializeLv.class);
    InitializeLv init = (InitializeLv) plan.get(0);
    assertThat(init.mode()).isEqualTo(InitializeLv.InitMode.COPY);
    assertThat(init.temp()).isEqualTo("cl-src");
    assertThat(init.tempTags()).contains(TAG + "-temp", TAG + "-from.src");

    InitProgress running = new InitProgress(InitProgress.Phase.RUNNING, 40, null);
    assertThat(planner.plan(desired(Provisioning.THICK, SIZE), view(created, null), running))
        .isEmpty();
  }

  @Test
  void aFinishedCopyDropsBothTagsButAThinSnapshotKeepsItsSourceTag() throws Exception {
    InitProgress done = new InitProgress(InitProgress.Phase.DONE, 100, null);
    assertThat(
            planner.plan(
                desired(Provisioning.THICK, SIZE), view(initLv(LvKind.THICK, null), null), done))
        .containsExactly(new Action.FinishInit("cl", List.of(TAG + "-init", TAG + "-from.src")));
    assertThat(
            planner.plan(
                desired(Provisioning.THIN, SIZE), view(initLv(LvKind.THIN, "src"), null), done))
        .containsExactly(new Action.FinishInit("cl", List.of(TAG + "-init")));
    InitializeLv wipe =
        (InitializeLv)
            planner
                .plan(
                    desired(Provisioning.THIN, SIZE),
                    view(initLv(LvKind.THIN, "src"), null),
                    InitProgress.NONE)
                .get(0);
    assertThat(wipe.mode()).isEqualTo(InitializeLv.InitMode.WIPE_END);
    assertThat(wipe.temp()).isNull();
  }

  @Test
  void aRequestThatNoLongerNamesTheSourceOfAnLvBeingMadeIsRefused() {
    DesiredVolume without = new DesiredVolume("cl", SIZE, Provisioning.THICK, null, List.of());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> planner.plan(without, view(initLv(LvKind.THICK, null), null)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("must name that source");
  }

  private static DesiredVolume desired(Provisioning provisioning, long size) {
    return new DesiredVolume(
        "cl", size, provisioning, null, List.of(), new DesiredSource("src", SIZE));
  }

  private static VolumeView view(LogicalVolume lv, LogicalVolume source) {
    return new VolumeView("cl", lv, null, null, List.of(), List.of(), List.of(), source, Set.of());
  }

  private static LogicalVolume lv(String name, LvKind kind, String origin) {
    return new LogicalVolume(
        name, SIZE, kind, kind == LvKind.THIN ? "pool" : null, 0, 0, Set.of(TAG), false, origin);
  }

  private static LogicalVolume initLv(LvKind kind, String origin) {
    return new LogicalVolume(
        "cl",
        SIZE,
        kind,
        kind == LvKind.THIN ? "pool" : null,
        0,
        0,
        Set.of(TAG, TAG + "-init", TAG + "-from.src"),
        false,
        origin);
  }
}
