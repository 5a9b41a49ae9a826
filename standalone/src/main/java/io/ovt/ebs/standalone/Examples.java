package io.ovt.ebs.standalone;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The example manifests: from a folder when given, else the copies inside the jar. */
final class Examples {
  /** The walkthrough's files, in the order they are applied. */
  static final List<String> WALKTHROUGH =
      List.of(
          "01-storage-nodes.yaml",
          "02-replication-pair.yaml",
          "03-failover-policy.yaml",
          "04-volume-replicated.yaml");

  private Examples() {}

  /** Applies the walkthrough's files (create, or update what exists); returns what it applied. */
  static List<HasMetadata> apply(KubernetesClient client, Path folder) {
    List<HasMetadata> applied = new ArrayList<>();
    for (String file : WALKTHROUGH) {
      try (InputStream in = open(folder, file)) {
        for (HasMetadata item : client.load(in).items()) {
          applied.add(client.resource(item).createOr(NonDeletingOperation::update));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read example " + file, e);
      }
    }
    return applied;
  }

  private static InputStream open(Path folder, String file) throws IOException {
    if (folder != null) {
      return Files.newInputStream(folder.resolve(file));
    }
    InputStream in = Examples.class.getClassLoader().getResourceAsStream("examples/" + file);
    if (in == null) {
      throw new IOException("examples/" + file + " is not in the jar");
    }
    return in;
  }

  /** True when the folder holds every walkthrough file. */
  static boolean complete(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      return names.containsAll(WALKTHROUGH);
    } catch (IOException e) {
      return false;
    }
  }
}
