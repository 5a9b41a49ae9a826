package io.ovt.ebs.daemon.real;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.DesiredExport;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CHAP credentials the daemon set on each tgt target, by target IQN: tgt shows a target's bound
 * user names but never a password, and without the password a changed Secret could not be told from
 * the one in force. Readable by root only, written whole through a temporary file.
 */
final class TgtChapFile {
  private final Path file;
  private final ObjectMapper json = new ObjectMapper();

  TgtChapFile(Path file) {
    this.file = file;
  }

  Map<String, DesiredExport.Chap> read() throws StorageException {
    if (!Files.exists(file)) {
      return new TreeMap<>();
    }
    try {
      return new TreeMap<>(
          json.readValue(file.toFile(), new TypeReference<Map<String, DesiredExport.Chap>>() {}));
    } catch (IOException e) {
      // Jackson's message may quote the file's content: name the file only.
      throw new StorageException(
          ErrorCode.COMMAND_FAILED, "cannot read " + file + " (not valid JSON)", List.of(), null);
    }
  }

  void write(Map<String, DesiredExport.Chap> chaps) throws StorageException {
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(temp);
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      json.writeValue(temp.toFile(), chaps);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StorageException(
          ErrorCode.COMMAND_FAILED,
          "cannot write " + file + ": " + e.getMessage(),
          List.of(),
          null);
    }
  }
}
