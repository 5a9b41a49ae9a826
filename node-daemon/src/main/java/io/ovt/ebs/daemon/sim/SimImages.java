package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.daemon.host.ImageTool;
import io.ovt.ebs.daemon.host.LvKind;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.image.ImageDownload;
import io.ovt.ebs.daemon.image.ImagePut;
import io.ovt.ebs.daemon.image.ScratchFile;
import io.ovt.ebs.nodeapi.DesiredImage;
import io.ovt.ebs.nodeapi.DiskImageFormat;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Image imports of a simulated host: the download is the real one (HTTP, checksum, size limit); the
 * conversion is modelled for raw files only, which become one write of token {@code image:<sha256>}
 * over the image's size, so a test sees the image's data replicate. A qcow2 file is checked for
 * qcow2's magic and then refused: only real hosts (qemu-img) convert qcow2. An upload PUTs, for
 * real, a text file standing for the snapshot's data: its format, size and the writes it holds.
 */
final class SimImages implements ImageTool {
  private static final byte[] QCOW2_MAGIC = {'Q', 'F', 'I', (byte) 0xfb};

  private final SimulatedHost host;
  private final ImageDownload download;

  private final ImagePut put;

  SimImages(SimulatedHost host, ImageDownload download, ImagePut put) {
    this.host = host;
    this.download = download;
    this.put = put;
  }

  @Override
  public Uploaded upload(
      String lv, long dataBytes, DiskImageFormat format, String url, Progress progress)
      throws StorageException, InterruptedException {
    String device = devicePath(lv);
    List<String> command =
        List.of(
            "qemu-img",
            "convert",
            "--image-opts",
            "driver=raw,size=" + dataBytes + ",file.filename=" + device,
            "-O",
            format.qemuName());
    StringBuilder body = new StringBuilder();
    synchronized (host.network) {
      host.faults().check(SimOperation.IMAGE_CONVERT, command);
      SimLv source = host.lvs.get(lv);
      if (source == null || source.kind == LvKind.THIN_POOL) {
        throw SimLvm.failed(ErrorCode.NOT_FOUND, command, device + ": No such file or directory");
      }
      body.append("ebs simulated image\nformat ")
          .append(format.qemuName())
          .append("\nbytes ")
          .append(dataBytes)
          .append('\n');
      for (SimData.Write w : source.data.writes()) {
        if (w.offset() < dataBytes) {
          body.append(w.offset()).append(' ').append(w.length()).append(' ').append(w.token());
          body.append('\n');
        }
      }
    }
    try (ScratchFile file = ScratchFile.temporary(".upload")) {
      Files.writeString(file.path(), body);
      return put.put(file.path(), url, progress);
    } catch (IOException e) {
      throw StorageException.refused(ErrorCode.COMMAND_FAILED, "cannot write the image: " + e);
    }
  }

  @Override
  public long importInto(
      String lv, DesiredImage image, long roomBytes, boolean targetIsZero, Progress progress)
      throws StorageException, InterruptedException {
    try (ScratchFile scratch = ScratchFile.temporary(".download")) {
      Path file = scratch.path();
      ImageDownload.Downloaded got = download.fetch(image, file, roomBytes, progress);
      boolean qcow2 = startsWith(file, QCOW2_MAGIC);
      if (image.format() == DiskImageFormat.RAW && qcow2) {
        throw refused(image, "is a qcow2 file, not raw as declared");
      }
      if (image.format() == DiskImageFormat.QCOW2) {
        throw refused(
            image,
            qcow2
                ? "is qcow2, which only real hosts convert (qemu-img)"
                : "is not a qcow2 file (no qcow2 magic)");
      }
      List<String> command =
          List.of("qemu-img", "convert", "-O", "raw", "-n", file.toString(), devicePath(lv));
      synchronized (host.network) {
        host.faults().check(SimOperation.IMAGE_CONVERT, command);
        SimLv target = host.lvs.get(lv);
        if (target == null || target.kind == LvKind.THIN_POOL) {
          throw SimLvm.failed(
              ErrorCode.NOT_FOUND, command, devicePath(lv) + ": No such file or directory");
        }
        target.data.write(new SimData.Write(0, got.bytes(), "image:" + got.sha256()));
        if (target.kind == LvKind.THIN && target.sizeBytes > 0) {
          target.dataPercent =
              Math.max(target.dataPercent, 100.0 * target.data.writtenBytes() / target.sizeBytes);
        }
      }
      return got.bytes();
    }
  }

  private String devicePath(String lv) {
    return "/dev/" + host.volumeGroup + "/" + lv;
  }

  private static boolean startsWith(Path file, byte[] magic) throws StorageException {
    try (InputStream in = Files.newInputStream(file)) {
      return Arrays.equals(in.readNBytes(magic.length), magic);
    } catch (IOException e) {
      throw StorageException.refused(ErrorCode.COMMAND_FAILED, "cannot read " + file + ": " + e);
    }
  }

  private static StorageException refused(DesiredImage image, String what) {
    return StorageException.refused(ErrorCode.INVALID_REQUEST, "image " + image.url() + " " + what);
  }
}
