package io.ovt.ebs.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthFailureLimitTest {
  private final AtomicLong now = new AtomicLong();
  private final AuthFailureLimit limit = new AuthFailureLimit(3, Duration.ofSeconds(60), now::get);

  @Test
  void anAddressPastItsBudgetIsRefusedUntilItsFailuresAgeOutOtherAddressesAreNot()
      throws Exception {
    InetAddress guesser = InetAddress.getByName("10.0.0.66");
    InetAddress operator = InetAddress.getByName("10.0.0.5");
    for (int i = 0; i < 3; i++) {
      assertThat(limit.exhausted(guesser)).isFalse();
      limit.failed(guesser);
      now.addAndGet(Duration.ofSeconds(10).toNanos());
    }
    assertThat(limit.exhausted(guesser)).isTrue();
    assertThat(limit.exhausted(operator)).isFalse();

    now.addAndGet(Duration.ofSeconds(30).toNanos()); // the first failure is 60 s old
    assertThat(limit.exhausted(guesser)).as("one failure aged out").isFalse();
    limit.failed(guesser);
    assertThat(limit.exhausted(guesser)).isTrue();
  }
}
