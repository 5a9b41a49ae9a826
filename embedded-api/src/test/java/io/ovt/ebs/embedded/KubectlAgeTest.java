package io.ovt.ebs.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubectlAgeTest {

  @ParameterizedTest
  @CsvSource({
    "-5, <invalid>",
    "-1, 0s",
    "0, 0s",
    "5, 5s",
    "119, 119s",
    "120, 2m",
    "150, 2m30s",
    "600, 10m",
    "10799, 179m",
    "10800, 3h",
    "11100, 3h5m",
    "28800, 8h",
    "172799, 47h",
    "172800, 2d",
    "180000, 2d2h",
    "691200, 8d",
    "63071999, 729d",
    "63072000, 2y",
  })
  void formatsLikeKubectl(long seconds, String expected) {
    assertThat(KubectlAge.format(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @Test
  void yearsAfterTwoYears() {
    long day = 86_400;
    assertThat(KubectlAge.format(Duration.ofSeconds(365 * 2 * day + 30 * day))).isEqualTo("2y30d");
    assertThat(KubectlAge.format(Duration.ofSeconds(365 * 3 * day))).isEqualTo("3y");
    assertThat(KubectlAge.format(Duration.ofSeconds(365 * 9 * day + day))).isEqualTo("9y");
  }

  @Test
  void sinceMeasuresFromCreation() {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(KubectlAge.since(created, created.plusSeconds(3 * 86_400))).isEqualTo("3d");
  }
}
