package io.ovt.ebs.operator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaseRenewerTest {
  private static final Duration OFTEN = Duration.ofMillis(20);
  private final LeaseRenewer renewer = new LeaseRenewer(2);

  @AfterEach
  void close() {
    renewer.close();
  }

  @Test
  void aKeptNodeIsRenewedOverAndOverEvenWhenARenewalThrows() {
    AtomicInteger runs = new AtomicInteger();
    renewer.keep(
        "hci-0001",
        OFTEN,
        () -> {
          if (runs.incrementAndGet() == 1) {
            throw new IllegalStateException("the first renewal fails");
          }
        });

    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 5);
    assertThat(renewer.renews("hci-0001")).isTrue();
  }

  @Test
  void keepingAgainWithTheSameIntervalStartsNoSecondTimer() {
    AtomicInteger first = new AtomicInteger();
    AtomicInteger second = new AtomicInteger();
    renewer.keep("hci-0001", OFTEN, first::incrementAndGet);
    renewer.keep("hci-0001", OFTEN, second::incrementAndGet);

    await().atMost(Duration.ofSeconds(10)).until(() -> first.get() >= 5);
    assertThat(second.get()).isZero();
  }

  @Test
  void aDroppedNodeIsRenewedNoMore() {
    AtomicInteger runs = new AtomicInteger();
    renewer.keep("hci-0001", OFTEN, runs::incrementAndGet);
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 1);

    renewer.drop("hci-0001");
    int atDrop = runs.get();
    AtomicInteger other = new AtomicInteger();
    // another node's renewals going on show the timer still runs while this one stays quiet
    renewer.keep("hci-0002", OFTEN, other::incrementAndGet);
    await().atMost(Duration.ofSeconds(10)).until(() -> other.get() >= 5);

    assertThat(renewer.renews("hci-0001")).isFalse();
    assertThat(runs.get()).isLessThanOrEqualTo(atDrop + 1);
  }
}
