package io.ovt.ebs.operator.node;

import io.ovt.ebs.nodeapi.NodeApiException;
import io.ovt.ebs.nodeapi.NodeUnreachableException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Natural batching of one kind of call to one node: a call made while {@code maxInFlight} batches
 * are already on their way waits, and goes with every other call that arrived meanwhile in the next
 * batch. An idle node gets each call at once, alone; a burst (a failover touching a thousand
 * volumes from many reconcile threads) costs a few batch calls instead of one round trip each. No
 * thread of its own: a waiting caller sends the next batch itself. Written by hand because no
 * library here batches blocking calls this way (a timer-based buffer would delay the idle case).
 *
 * @param <Q> one request
 * @param <A> its answer
 */
final class CallBatcher<Q, A> {
  /** Sends one batch; answers in the order of the requests. */
  @FunctionalInterface
  interface Sender<Q, A> {
    /** The answers, one per request, in order. */
    List<A> send(List<Q> batch) throws NodeApiException;
  }

  private final Sender<Q, A> sender;
  private final Function<Q, String> key;
  private final int maxBatch;
  private final int maxInFlight;
  private final LinkedList<Pending<Q, A>> queue = new LinkedList<>();
  private int inFlight;
  private long batchesSent;

  /**
   * @param key requests with the same key never share a batch (the same volume twice)
   */
  CallBatcher(Sender<Q, A> sender, Function<Q, String> key, int maxBatch, int maxInFlight) {
    this.sender = sender;
    this.key = key;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
  }

  /** The answer to {@code request}, sent alone or with the calls that came meanwhile. */
  A call(Q request) throws NodeApiException {
    Pending<Q, A> mine = new Pending<>(request);
    synchronized (this) {
      queue.add(mine);
    }
    while (true) {
      List<Pending<Q, A>> batch;
      synchronized (this) {
        while (!mine.done && (mine.taken || inFlight >= maxInFlight)) {
          try {
            wait();
          } catch (InterruptedException e) {
            queue.remove(mine);
            Thread.currentThread().interrupt();
            throw new NodeUnreachableException("interrupted waiting for a batched node call", e);
          }
        }
        if (mine.done) {
          return mine.answer();
        }
        batch = take();
        inFlight++;
        batchesSent++;
      }
      try {
        deliver(batch);
      } finally {
        synchronized (this) {
          inFlight--;
          notifyAll();
        }
      }
    }
  }

  /** How many calls wait for a batch to take them. */
  synchronized int waiting() {
    return queue.size();
  }

  /** How many batches (single calls included) have been sent; for tests and metrics. */
  synchronized long batchesSent() {
    return batchesSent;
  }

  private List<Pending<Q, A>> take() {
    List<Pending<Q, A>> batch = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (Iterator<Pending<Q, A>> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
      Pending<Q, A> next = it.next();
      if (keys.add(key.apply(next.request))) {
        it.remove();
        next.taken = true;
        batch.add(next);
      }
    }
    return batch;
  }

  private void deliver(List<Pending<Q, A>> batch) {
    List<A> answers = null;
    NodeApiException failure = null;
    try {
      answers = sender.send(batch.stream().map(p -> p.request).toList());
      if (answers.size() != batch.size()) {
        failure =
            new NodeUnreachableException(
                "the node answered " + answers.size() + " of " + batch.size() + " batched calls",
                null);
      }
    } catch (NodeApiException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new NodeUnreachableException("batched node call failed: " + e, e);
    }
    synchronized (this) {
      for (int i = 0; i < batch.size(); i++) {
        Pending<Q, A> p = batch.get(i);
        p.failure = failure;
        p.answer = failure == null ? answers.get(i) : null;
        p.done = true;
      }
      notifyAll();
    }
  }

  /** One caller's request until its answer comes. Guarded by the batcher's monitor. */
  private static final class Pending<Q, A> {
    private final Q request;
    private boolean taken;
    private boolean done;
    private A answer;
    private NodeApiException failure;

    Pending(Q request) {
      this.request = request;
    }

    A answer() throws NodeApiException {
      if (failure != null) {
        throw failure;
      }
      return answer;
    }
  }
}
