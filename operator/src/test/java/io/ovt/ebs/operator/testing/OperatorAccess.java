package io.ovt.ebs.operator.testing;

import io.ovt.ebs.embedded.ApiAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every kind of Kubernetes API call the operator made in these tests, written to the file the
 * system property {@code ebs.operatorAccessFile} names (one {@code group resource verb} per line):
 * the Helm chart's RBAC is checked against it, so it grants what the operator uses and no more.
 */
public final class OperatorAccess {
  /** The user agent of the operator's client in tests. */
  public static final String USER_AGENT = "ebs-operator";

  private static final Set<ApiAccess> SEEN = ConcurrentHashMap.newKeySet();

  private OperatorAccess() {}

  /** Adds what one test cluster's operator called, and rewrites the file with all seen so far. */
  static synchronized void record(Collection<ApiAccess> accesses) {
    SEEN.addAll(accesses);
    String file = System.getProperty("ebs.operatorAccessFile");
    if (file == null) {
      return;
    }
    Set<String> lines = new TreeSet<>();
    for (ApiAccess a : SEEN) {
      lines.add((a.group().isEmpty() ? "core" : a.group()) + " " + a.resource() + " " + a.verb());
    }
    try {
      Path path = Path.of(file);
      Files.createDirectories(path.toAbsolutePath().getParent());
      Files.write(path, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
