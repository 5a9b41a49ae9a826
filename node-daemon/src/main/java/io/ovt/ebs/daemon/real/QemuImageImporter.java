package io.ovt.ebs.daemon.real;

import io.ovt.ebs.daemon.command.Command;
import io.ovt.ebs.daemon.command.CommandResult;
import io.ovt.ebs.daemon.command.CommandRunner;
import io.ovt.ebs.daemon.host.ImageTool;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.image.ImageDownload;
import io.ovt.ebs.daemon.image.ImageInfo;
import io.ovt.ebs.daemon.image.ImagePut;
import io.ovt.ebs.daemon.image.ScratchFile;
import io.ovt.ebs.nodeapi.DesiredImage;
import io.ovt.ebs.nodeapi.DiskImageFormat;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports images with qemu-img: the file is downloaded into a scratch folder, {@code qemu-img info}
 * and (for qcow2) {@code qemu-img check} must find it self-contained, sound and no larger than the
 * volume, then {@code qemu-img convert -n} writes its disk onto the LV's device. The scratch file
 * is removed whatever happens. An upload converts a snapshot LV into a scratch image file with
 * {@code qemu-img convert} and PUTs it.
 */
public final class QemuImageImporter implements ImageTool {
  /** qcow2 metadata on top of the data it holds: generous, so no real image is refused for it. */
  static final long QCOW2_OVERHEAD_BYTES = 64L << 20;

  private static final Duration CONVERT_TIMEOUT = Duration.ofHours(6);

  private final ToolRunner inspect;
  private final ToolRunner write;
  private final Path devices;
  private final Path scratch;
  private final ImageDownload download;
  private final ImagePut put;

  /** An importer and uploader whose uploads go out through {@link ImagePut#standard()}. */
  public QemuImageImporter(
      CommandRunner runner, Path devices, Path scratch, ImageDownload download) {
    this(runner, devices, scratch, download, ImagePut.standard());
  }

  /**
   * @param devices the folder of the LVs' device nodes ({@code /dev/<vg>})
   * @param scratch the folder downloads and images being uploaded go to (created when missing)
   */
  public QemuImageImporter(
      CommandRunner runner, Path devices, Path scratch, ImageDownload download, ImagePut put) {
    // qemu-img failing to read or check the file means the file is bad; failing to write, the host.
    this.inspect = new ToolRunner(runner, stderr -> ErrorCode.INVALID_REQUEST);
    this.write = new ToolRunner(runner, stderr -> ErrorCode.COMMAND_FAILED);
    this.devices = devices;
    this.scratch = scratch;
    this.download = download;
    this.put = put;
  }

  @Override
  public long importInto(
      String lv, DesiredImage image, long roomBytes, boolean targetIsZero, Progress progress)
      throws StorageException, InterruptedException {
    long maxFile =
        image.format() == DiskImageFormat.RAW ? roomBytes : roomBytes + QCOW2_OVERHEAD_BYTES;
    try (ScratchFile scratchFile = ScratchFile.in(scratch, lv + ".download")) {
      Path file = scratchFile.path();
      download.fetch(image, file, maxFile, progress);
      ImageInfo info = info(image, file);
      String refusal = info.refusal(image.format(), roomBytes).orElse(null);
      if (refusal != null) {
        throw StorageException.refused(
            ErrorCode.INVALID_REQUEST, "image " + image.url() + " " + refusal);
      }
      if (image.format() == DiskImageFormat.QCOW2) {
        check(image, file);
      }
      write.run(new Command(convert(image, file, lv, targetIsZero), "", CONVERT_TIMEOUT, null));
      return info.virtualBytes();
    }
  }

  /**
   * Converts the LV's first {@code dataBytes} (a raw disk: DRBD's metadata after them is not the
   * volume's) into a scratch image file, then PUTs that.
   */
  @Override
  public Uploaded upload(
      String lv, long dataBytes, DiskImageFormat format, String url, Progress progress)
      throws StorageException, InterruptedException {
    try (ScratchFile file = ScratchFile.in(scratch, lv + ".upload")) {
      write.run(
          new Command(exportArgv(lv, dataBytes, format, file.path()), "", CONVERT_TIMEOUT, null));
      return put.put(file.path(), url, progress);
    }
  }

  /** The conversion of an upload: a raw input cut at the volume's data, so no metadata goes out. */
  List<String> exportArgv(String lv, long dataBytes, DiskImageFormat format, Path file) {
    Path device = devices.resolve(lv);
    // qemu's "file" driver takes regular files only; LVs are block devices.
    String driver = Files.isRegularFile(device) ? "file" : "host_device";
    return List.of(
        "qemu-img",
        "convert",
        "-q",
        "--image-opts",
        "driver=raw,size=" + dataBytes + ",file.driver=" + driver + ",file.filename=" + device,
        "-O",
        format.qemuName(),
        file.toString());
  }

  private ImageInfo info(DesiredImage image, Path file) throws StorageException {
    // No -f: qemu-img probes, so a file that is not what was declared is seen and refused.
    CommandResult result =
        inspect.run(Command.of("qemu-img", "info", "--output=json", file.toString()));
    try {
      return ImageInfo.parse(result.stdout());
    } catch (IllegalArgumentException e) {
      throw StorageException.refused(
          ErrorCode.INVALID_REQUEST, "image " + image.url() + ": " + e.getMessage());
    }
  }

  private void check(DesiredImage image, Path file) throws StorageException {
    CommandResult result =
        inspect.attempt(
            Command.of("qemu-img", "check", "--output=json", "-f", "qcow2", file.toString()));
    // 0 sound, 3 leaked clusters only (harmless); 1 not checkable, 2 corrupt.
    if (result.exitCode() != 0 && result.exitCode() != 3) {
      throw StorageException.refused(
          ErrorCode.INVALID_REQUEST,
          "image "
              + image.url()
              + " fails qemu-img check (exit "
              + result.exitCode()
              + "): "
              + result.stderr().strip());
    }
  }

  private List<String> convert(DesiredImage image, Path file, String lv, boolean targetIsZero) {
    List<String> argv = new ArrayList<>();
    argv.addAll(List.of("qemu-img", "convert", "-q", "-f", image.format().qemuName()));
    argv.addAll(List.of("-O", "raw", "-n"));
    if (targetIsZero) {
      argv.add("--target-is-zero");
    }
    argv.add(file.toString());
    argv.add(devices.resolve(lv).toString());
    return argv;
  }
}
