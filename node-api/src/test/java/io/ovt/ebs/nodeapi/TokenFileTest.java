package io.ovt.ebs.nodeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file both ends read: a rotation is seen at the next call, a weak token refused. */
class TokenFileTest {
  @TempDir Path dir;

  @Test
  void aRewrittenFileGivesTheNewTokenAtTheNextCall() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "first-token-0123456789\n");
    TokenFile token = new TokenFile(file);
    assertThat(token.get()).isEqualTo("first-token-0123456789");

    Files.writeString(file, "second-token-0123456789\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(token.get()).isEqualTo("second-token-0123456789");
  }

  @Test
  void aShortTokenIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "short\n");

    assertThatThrownBy(() -> new TokenFile(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shorter than 16 characters");
  }
}
