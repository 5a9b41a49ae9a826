package io.ovt.ebs.operator.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AllocationLedgerTest {

  @Test
  void takesTheLowestSlotFreeOnBothNodes() {
    AllocationLedger ledger = new AllocationLedger();
    List<AllocationLedger.Holding> recorded =
        List.of(
            new AllocationLedger.Holding("v1", Set.of("a", "b"), new DrbdSlot(1000, 7001)),
            new AllocationLedger.Holding("v2", Set.of("b", "c"), new DrbdSlot(1001, 7002)),
            new AllocationLedger.Holding("v3", Set.of("x", "y"), new DrbdSlot(1002, 7003)));
    assertThat(ledger.allocate("v4", Set.of("a", "c"), 1000, 7001, recorded))
        .isEqualTo(new DrbdSlot(1002, 7003));
  }

  @Test
  void aVolumeKeepsItsSlotWhetherRecordedOrStillPending() {
    AllocationLedger ledger = new AllocationLedger();
    DrbdSlot first = ledger.allocate("v1", Set.of("a", "b"), 1000, 7001, List.of());
    assertThat(ledger.allocate("v1", Set.of("a", "b"), 1000, 7001, List.of())).isEqualTo(first);
    assertThat(ledger.allocate("v2", Set.of("a", "b"), 1000, 7001, List.of())).isNotEqualTo(first);
    ledger.release("v1");
    List<AllocationLedger.Holding> recorded =
        List.of(new AllocationLedger.Holding("v1", Set.of("a", "b"), new DrbdSlot(1500, 7500)));
    assertThat(ledger.allocate("v1", Set.of("a", "b"), 1000, 7001, recorded))
        .isEqualTo(new DrbdSlot(1500, 7500));
  }

  @Test
  void concurrentAllocationsNeverCollide() throws InterruptedException {
    AllocationLedger ledger = new AllocationLedger();
    Set<DrbdSlot> slots = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < 400; i++) {
      String uid = "v" + i;
      pool.submit(() -> slots.add(ledger.allocate(uid, Set.of("a", "b"), 1000, 7001, List.of())));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(slots).hasSize(400);
    assertThat(slots.stream().map(DrbdSlot::minor).distinct()).hasSize(400);
  }
}
