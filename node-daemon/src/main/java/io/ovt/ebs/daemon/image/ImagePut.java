package io.ovt.ebs.daemon.image;

import io.ovt.ebs.daemon.host.ImageTool;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Sends an image file with HTTP PUT, hashing it as it goes out. The server's 4xx is {@link
 * ErrorCode#INVALID_REQUEST} (the destination refuses: another attempt will not change that); no
 * connection, a 5xx or a broken stream is {@link ErrorCode#COMMAND_FAILED}.
 */
public final class ImagePut {
  private final HttpClient http;
  private final Duration answerTimeout;

  /** Sends through {@code http}; a server that has not answered within the timeout fails. */
  public ImagePut(HttpClient http, Duration answerTimeout) {
    this.http = http;
    this.answerTimeout = answerTimeout;
  }

  /**
   * A sender with its own client: HTTP/1.1 (no h2c upgrade offered along with a large body), 30 s
   * to connect, redirects not followed (a PUT is not moved).
   */
  public static ImagePut standard() {
    return new ImagePut(
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build(),
        Duration.ofHours(6));
  }

  /**
   * PUTs {@code file} to {@code url}.
   *
   * @param progress bytes sent so far, of the file's size
   */
  public ImageTool.Uploaded put(Path file, String url, ImageTool.Progress progress)
      throws StorageException, InterruptedException {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw StorageException.refused(ErrorCode.COMMAND_FAILED, "cannot read " + file + ": " + e);
    }
    MessageDigest sha = sha256();
    long[] sent = {0};
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(answerTimeout)
            .header("Content-Type", "application/octet-stream")
            .PUT(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> hashing(file, sha, sent, size, progress)),
                    size))
            .build();
    CompletableFuture<HttpResponse<Void>> call =
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    HttpResponse<Void> response;
    try {
      response = call.get();
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw failed(url, "cannot be sent: " + e.getCause());
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      String what = "was answered HTTP " + status + " to the PUT";
      throw status >= 400 && status < 500
          ? StorageException.refused(ErrorCode.INVALID_REQUEST, "destination " + url + " " + what)
          : failed(url, what);
    }
    if (sent[0] != size) {
      throw failed(url, "took " + sent[0] + " of " + size + " bytes");
    }
    return new ImageTool.Uploaded(size, HexFormat.of().formatHex(sha.digest()));
  }

  private static InputStream hashing(
      Path file, MessageDigest sha, long[] sent, long size, ImageTool.Progress progress) {
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // A retried request opens the file again: the hash restarts with it.
    sha.reset();
    sent[0] = 0;
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          sha.update(b, off, n);
          sent[0] += n;
          progress.received(sent[0], size);
        }
        return n;
      }
    };
  }

  private static StorageException failed(String url, String what) {
    return StorageException.refused(ErrorCode.COMMAND_FAILED, "destination " + url + " " + what);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }
}
