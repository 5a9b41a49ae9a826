package io.ovt.ebs.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel, initramfs and root disk built by {@code e2e/scripts/build-image.sh}.
 *
 * @param kernel uncompressed kernel (vmlinux)
 * @param initramfs busybox initramfs that mounts the root disk
 * @param rootDisk qcow2 root file system; each VM runs on a throw-away overlay of it
 */
public record VmImages(Path kernel, Path initramfs, Path rootDisk) {
  /** System property naming the image folder; the Maven build sets it to e2e/images/current. */
  public static final String PROPERTY = "ebs.e2e.images";

  /** The images in {@code dir}, or an exception saying how to build them. */
  public static VmImages in(Path dir) {
    Path resolved = dir.toAbsolutePath().normalize();
    VmImages images =
        new VmImages(
            resolved.resolve("vmlinux"),
            resolved.resolve("initramfs.cpio.gz"),
            resolved.resolve("root.qcow2"));
    List<Path> missing =
        List.of(images.kernel, images.initramfs, images.rootDisk).stream()
            .filter(p -> !Files.isRegularFile(p))
            .toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "VM images missing "
              + missing
              + ": run e2e/scripts/build-image.sh (as root) to build them into e2e/images/");
    }
    return images;
  }

  /**
   * The images named by the system property {@value #PROPERTY}, else by the environment variable
   * EBS_E2E_IMAGES, else e2e/images/current below the working directory or its parent.
   */
  public static VmImages locate() {
    String configured = System.getProperty(PROPERTY, System.getenv("EBS_E2E_IMAGES"));
    if (configured != null && !configured.isBlank()) {
      return in(Path.of(configured));
    }
    Path cwd = Path.of("").toAbsolutePath();
    for (Path candidate :
        List.of(cwd.resolve("images/current"), cwd.resolve("e2e/images/current"))) {
      if (Files.isDirectory(candidate)) {
        return in(candidate);
      }
    }
    return in(cwd.resolve("e2e/images/current"));
  }
}
