package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The failover tools' logic that needs no VM: iscsid.conf edits and journal gaps. */
class FailoverToolsTest {
  @Test
  void iscsidSettingsAreReplacedUncommentedOrAppended() {
    String conf =
        String.join(
            "\n",
            "node.session.timeo.replacement_timeout = 120",
            "# node.conn[0].timeo.noop_out_interval = 5",
            "node.startup = manual",
            "");
    String edited = IscsiClient.setting(conf, "node.session.timeo.replacement_timeout", 5);
    edited = IscsiClient.setting(edited, "node.conn[0].timeo.noop_out_interval", 2);
    edited = IscsiClient.setting(edited, "node.conn[0].timeo.noop_out_timeout", 2);
    assertThat(edited.lines())
        .containsExactly(
            "node.session.timeo.replacement_timeout = 5",
            "node.conn[0].timeo.noop_out_interval = 2",
            "node.startup = manual",
            "",
            "node.conn[0].timeo.noop_out_timeout = 2");
  }

  @Test
  void theLongestGapIsBetweenConsecutiveAcknowledgements() {
    Instant t = Instant.parse("2026-12-02T10:00:00Z");
    List<WriteJournal.Ack> acks =
        List.of(
            new WriteJournal.Ack(1, 0, "a", t),
            new WriteJournal.Ack(2, 4096, "b", t.plusMillis(10)),
            new WriteJournal.Ack(9, 8192, "c", t.plusSeconds(12)),
            new WriteJournal.Ack(10, 12288, "d", t.plusSeconds(12).plusMillis(10)));
    assertThat(WriteJournal.longestGap(acks)).isEqualTo(Duration.ofMillis(11990));
    assertThat(WriteJournal.longestGap(acks.subList(0, 1))).isEqualTo(Duration.ZERO);
  }
}
