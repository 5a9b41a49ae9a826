package io.ovt.ebs.daemon.real;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the saved real outputs under src/test/resources/real-outputs (see its README). */
final class RealOutputs {
  private RealOutputs() {}

  static String read(String file) {
    try (InputStream in = RealOutputs.class.getResourceAsStream("/real-outputs/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no saved output " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
