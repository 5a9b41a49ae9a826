package io.ovt.ebs.operator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.nodeapi.NodeApiException;
import io.ovt.ebs.nodeapi.NodeUnreachableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Natural batching without any server: who goes alone, who goes together, who gets what. */
class CallBatcherTest {
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final List<List<String>> sent = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstMayAnswer = new CountDownLatch(1);
  private volatile boolean failNext;

  @AfterEach
  void stop() {
    firstMayAnswer.countDown();
    callers.shutdownNow();
  }

  /** Upper-cases each request; holds the first batch until the test lets it go. */
  private List<String> send(List<String> batch) throws NodeApiException {
    sent.add(batch);
    if (sent.size() == 1) {
      try {
        firstMayAnswer.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failNext) {
      failNext = false;
      throw new NodeUnreachableException("node gone", null);
    }
    return batch.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
  }

  private CallBatcher<String, String> batcher(int maxBatch, int maxInFlight) {
    return new CallBatcher<>(this::send, key(), maxBatch, maxInFlight);
  }

  private static Function<String, String> key() {
    return s -> s.substring(0, s.indexOf('-'));
  }

  private CompletableFuture<String> call(CallBatcher<String, String> batcher, String request) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return batcher.call(request);
          } catch (NodeApiException e) {
            return "failed: " + e.getMessage();
          }
        },
        callers);
  }

  @Test
  void anIdleNodeGetsACallAtOnceAlone() throws Exception {
    firstMayAnswer.countDown();
    CallBatcher<String, String> batcher = batcher(64, 1);

    assertThat(batcher.call("a-1")).isEqualTo("A-1");
    assertThat(batcher.call("b-1")).isEqualTo("B-1");
    assertThat(sent).containsExactly(List.of("a-1"), List.of("b-1"));
  }

  @Test
  void callsMadeWhileABatchIsOnItsWayGoTogetherInTheNextAndEachGetsItsOwnAnswer() {
    CallBatcher<String, String> batcher = batcher(64, 1);
    CompletableFuture<String> first = call(batcher, "v0-x");
    await().until(() -> sent.size() == 1);
    List<CompletableFuture<String>> burst = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      burst.add(call(batcher, "v" + i + "-x"));
    }
    await().until(() -> batcher.waiting() == 10);

    firstMayAnswer.countDown();

    assertThat(first.join()).isEqualTo("V0-X");
    for (int i = 1; i <= 10; i++) {
      assertThat(burst.get(i - 1).join()).isEqualTo("V" + i + "-X");
    }
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1)).hasSize(10);
    assertThat(batcher.batchesSent()).isEqualTo(2);
  }

  @Test
  void theSameKeyNeverSharesABatchAndBatchesStayWithinTheirSize() {
    CallBatcher<String, String> batcher = batcher(3, 1);
    CompletableFuture<String> first = call(batcher, "head-x");
    await().until(() -> sent.size() == 1);
    List<CompletableFuture<String>> burst = new ArrayList<>();
    for (String r : List.of("a-1", "a-2", "b-1", "c-1", "d-1")) {
      burst.add(call(batcher, r));
    }
    await().until(() -> batcher.waiting() == 5);

    firstMayAnswer.countDown();

    assertThat(burst)
        .extracting(CompletableFuture::join)
        .containsExactly("A-1", "A-2", "B-1", "C-1", "D-1");
    assertThat(first.join()).isEqualTo("HEAD-X");
    assertThat(sent.subList(1, sent.size()))
        .allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(3))
        .allSatisfy(
            batch ->
                assertThat(batch.stream().map(key()).distinct().count()).isEqualTo(batch.size()));
    assertThat(sent).hasSize(3);
  }

  @Test
  void aFailedBatchFailsEveryCallInItAndTheNextCallsGoThrough() {
    CallBatcher<String, String> batcher = batcher(64, 1);
    CompletableFuture<String> first = call(batcher, "v0-x");
    await().until(() -> sent.size() == 1);
    List<CompletableFuture<String>> burst = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      burst.add(call(batcher, "v" + i + "-x"));
    }
    await().until(() -> batcher.waiting() == 4);
    failNext = true;

    firstMayAnswer.countDown();

    assertThat(first.join()).isEqualTo("failed: node gone");
    assertThat(burst)
        .extracting(CompletableFuture::join)
        .containsOnly("V1-X", "V2-X", "V3-X", "V4-X");
    assertThat(call(batcher, "later-x").join()).isEqualTo("LATER-X");
  }

  @Test
  void withTwoInFlightASecondCallDoesNotWaitForTheFirst() {
    CallBatcher<String, String> batcher = batcher(64, 2);
    CompletableFuture<String> first = call(batcher, "slow-x");
    await().until(() -> sent.size() == 1);

    assertThat(call(batcher, "quick-x").orTimeout(30, TimeUnit.SECONDS).join())
        .isEqualTo("QUICK-X");
    assertThat(first).isNotDone();
    firstMayAnswer.countDown();
    assertThat(first.join()).isEqualTo("SLOW-X");
  }
}
