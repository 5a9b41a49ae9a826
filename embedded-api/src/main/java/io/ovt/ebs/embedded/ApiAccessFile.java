package io.ovt.ebs.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every kind of API call one component made across a test run, written to the file a system
 * property names (one {@code group resource verb} per line): the Helm chart's RBAC for that
 * component is checked against it, so it grants what the component uses and no more.
 */
public final class ApiAccessFile {
  private final String property;
  private final Set<ApiAccess> seen = ConcurrentHashMap.newKeySet();

  /** Accesses written to the file named by the system property {@code property}. */
  public ApiAccessFile(String property) {
    this.property = property;
  }

  /** Adds what one API server saw, and rewrites the file with everything seen so far. */
  public synchronized void record(Collection<ApiAccess> accesses) {
    seen.addAll(accesses);
    String file = System.getProperty(property);
    if (file == null) {
      return;
    }
    Set<String> lines = new TreeSet<>();
    for (ApiAccess a : seen) {
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

  /** Reads a file {@link #record} wrote. */
  public static Set<ApiAccess> read(Path file) throws IOException {
    Set<ApiAccess> used = new java.util.HashSet<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.trim().split(" ");
      used.add(new ApiAccess(f[0].equals("core") ? "" : f[0], f[1], f[2]));
    }
    return used;
  }
}
