package io.ovt.ebs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A client of qemu-guest-agent on the VM's virtio-serial port (QEMU exposes it as a unix socket).
 *
 * <p>The agent answers requests in order, one JSON object per line. Requests written before the
 * agent runs stay in the socket and are answered once it starts, so every (re)synchronisation uses
 * {@code guest-sync-delimited} with a fresh id and discards whatever arrives before that id.
 */
final class GuestAgent implements AutoCloseable {
  private static final byte DELIMITER = (byte) 0xFF;
  private static final JsonNode CLOSED = MissingNode.getInstance();

  private final String vm;
  private final Path socket;
  private final ObjectMapper json = new ObjectMapper();
  private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
  private long nextId = ThreadLocalRandom.current().nextLong(1, 1L << 40);
  private SocketChannel channel;
  private boolean synced;
  private volatile boolean closed;

  GuestAgent(String vm, Path socket) {
    this.vm = vm;
    this.socket = socket;
  }

  /**
   * One attempt to reach the agent: connects if needed and synchronises. False when the socket is
   * not there yet or the agent did not answer within {@code timeout} (it may still be booting).
   */
  synchronized boolean trySync(Duration timeout) {
    try {
      if (channel == null) {
        SocketChannel opened = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
          opened.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
          opened.close();
          return false;
        }
        channel = opened;
        Thread reader = new Thread(() -> readLoop(opened), "qga-reader-" + vm);
        reader.setDaemon(true);
        reader.start();
      }
      long id = nextId++;
      replies.clear();
      failIfClosed();
      ObjectNode request = json.createObjectNode().put("execute", "guest-sync-delimited");
      request.putObject("arguments").put("id", id);
      // 0xFF makes the agent drop any half-read request; it answers with a parse error we skip.
      write(new byte[] {DELIMITER});
      write(request);
      Instant deadline = Instant.now().plus(timeout);
      while (true) {
        JsonNode reply = poll(deadline);
        if (reply == null) {
          return false;
        }
        if (reply == CLOSED) {
          throw new VmException(vm + ": guest agent connection closed (QEMU exited?)");
        }
        if (reply.path("return").asLong(-1) == id) {
          synced = true;
          return true;
        }
      }
    } catch (IOException e) {
      throw new VmException(vm + ": guest agent I/O failed", e);
    }
  }

  /**
   * Runs one agent command and returns its {@code return} member.
   *
   * @throws VmException when the agent reports an error or does not answer within {@code timeout}
   */
  synchronized JsonNode call(String command, ObjectNode arguments, Duration timeout) {
    if (!synced && !trySync(timeout)) {
      throw new VmException(vm + ": guest agent does not answer");
    }
    ObjectNode request = json.createObjectNode().put("execute", command);
    if (arguments != null) {
      request.set("arguments", arguments);
    }
    try {
      replies.clear();
      failIfClosed();
      write(request);
      JsonNode reply = poll(Instant.now().plus(timeout));
      if (reply == null) {
        // a late answer would be taken for the next request's: resynchronise before that one
        synced = false;
        throw new VmException(vm + ": guest agent did not answer " + command + " in " + timeout);
      }
      if (reply == CLOSED) {
        throw new VmException(vm + ": guest agent connection closed (QEMU exited?)");
      }
      if (reply.has("error")) {
        throw new VmException(
            vm + ": " + command + " failed: " + reply.path("error").path("desc").asText());
      }
      return reply.path("return");
    } catch (IOException e) {
      synced = false;
      throw new VmException(vm + ": guest agent I/O failed", e);
    }
  }

  /** A new, empty arguments object. */
  ObjectNode arguments() {
    return json.createObjectNode();
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // closing a unix socket to a dead QEMU: nothing left to release
      }
      channel = null;
    }
  }

  private JsonNode poll(Instant deadline) {
    long waitNanos = Duration.between(Instant.now(), deadline).toNanos();
    try {
      return waitNanos <= 0 ? replies.poll() : replies.poll(waitNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VmException(vm + ": interrupted waiting for the guest agent", e);
    }
  }

  private void write(ObjectNode request) throws IOException {
    write((json.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private void write(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Splits the agent's output into JSON replies; 0xFF (before a sync reply) resets the line. */
  private void readLoop(SocketChannel from) {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      while (from.read(buffer.clear()) >= 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          byte b = buffer.get();
          if (b == DELIMITER) {
            line.reset();
          } else if (b == '\n') {
            parse(line.toByteArray());
            line.reset();
          } else {
            line.write(b);
          }
        }
      }
    } catch (IOException e) {
      // the channel was closed by close() or QEMU died; callers see CLOSED
    }
    closed = true;
    replies.add(CLOSED);
  }

  private void failIfClosed() {
    if (closed) {
      throw new VmException(vm + ": guest agent connection closed (QEMU exited?)");
    }
  }

  private void parse(byte[] bytes) {
    if (bytes.length == 0) {
      return;
    }
    try {
      replies.add(json.readTree(bytes));
    } catch (IOException e) {
      // not JSON (a partial line after a reset): no caller waits for it
    }
  }
}
