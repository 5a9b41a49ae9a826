package io.ovt.ebs.daemon.image;

import io.ovt.ebs.daemon.host.ImageTool;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.DesiredImage;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Fetches an image file over HTTP(S) into a scratch file, counting and hashing it as it arrives: a
 * file larger than allowed is cut off there, and one whose sha256 differs from the expected one is
 * deleted. Errors a retry cannot mend (the server's 4xx, a bad checksum, too large) are {@link
 * ErrorCode#INVALID_REQUEST}; the others (no connection, 5xx, a broken stream) are {@link
 * ErrorCode#COMMAND_FAILED}.
 */
public final class ImageDownload {
  private static final int BUFFER = 1 << 20;

  private final HttpClient http;
  private final Duration requestTimeout;

  /**
   * Downloads through {@code http}; a response whose headers take longer than the timeout fails.
   */
  public ImageDownload(HttpClient http, Duration requestTimeout) {
    this.http = http;
    this.requestTimeout = requestTimeout;
  }

  /** A downloader with its own client: 30 s to connect, no redirects to other schemes. */
  public static ImageDownload standard() {
    return new ImageDownload(
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build(),
        Duration.ofMinutes(2));
  }

  /** What arrived: the file, its size and its sha256. */
  public record Downloaded(Path file, long bytes, String sha256) {}

  /**
   * Downloads {@code image} into {@code file} (replaced), at most {@code maxBytes} of it.
   *
   * @param progress bytes received so far, and the total when the server said it (else -1)
   */
  public Downloaded fetch(DesiredImage image, Path file, long maxBytes, ImageTool.Progress progress)
      throws StorageException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(image.url())).timeout(requestTimeout).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw transientError(image, "cannot be fetched: " + e);
    }
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status != 200) {
        String what = "was answered HTTP " + status;
        throw status >= 400 && status < 500 ? refused(image, what) : transientError(image, what);
      }
      long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (announced > maxBytes) {
        throw tooLarge(image, announced, maxBytes);
      }
      return copy(image, body, file, maxBytes, announced, progress);
    } catch (IOException e) {
      throw transientError(image, "broke off while downloading: " + e);
    }
  }

  private static Downloaded copy(
      DesiredImage image,
      InputStream body,
      Path file,
      long maxBytes,
      long announced,
      ImageTool.Progress p)
      throws IOException, StorageException, InterruptedException {
    MessageDigest sha = sha256();
    long bytes = 0;
    byte[] buffer = new byte[BUFFER];
    boolean kept = false;
    try {
      try (OutputStream out = Files.newOutputStream(file)) {
        for (int n; (n = body.read(buffer)) >= 0; ) {
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
          bytes += n;
          if (bytes > maxBytes) {
            throw tooLarge(image, bytes, maxBytes);
          }
          sha.update(buffer, 0, n);
          out.write(buffer, 0, n);
          p.received(bytes, announced);
        }
      }
      if (announced >= 0 && bytes != announced) {
        throw transientError(image, "ended after " + bytes + " of " + announced + " bytes");
      }
      String got = HexFormat.of().formatHex(sha.digest());
      if (image.sha256() != null && !image.sha256().equals(got)) {
        throw refused(image, "has sha256 " + got + ", not the expected " + image.sha256());
      }
      kept = true;
      return new Downloaded(file, bytes, got);
    } finally {
      if (!kept) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static StorageException tooLarge(DesiredImage image, long bytes, long maxBytes) {
    return refused(
        image,
        "is larger ("
            + bytes
            + " bytes or more) than the volume can take ("
            + maxBytes
            + " bytes); ask for a larger volume");
  }

  static StorageException refused(DesiredImage image, String what) {
    return StorageException.refused(ErrorCode.INVALID_REQUEST, "image " + image.url() + " " + what);
  }

  private static StorageException transientError(DesiredImage image, String what) {
    return StorageException.refused(ErrorCode.COMMAND_FAILED, "image " + image.url() + " " + what);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }
}
