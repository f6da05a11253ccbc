package org.crmhub.connector.testkit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crmhub.connector.AcceptedContact;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Ingest;

/**
 * The hub's door in memory: a contact is kept the first time its (channel, externalId) comes, and
 * the same pair again is answered {@code duplicate=true} with the first id, as the hub does. It can
 * be told to refuse accepts (a store that is down) or to hold them until released, so a test can
 * watch what a connector does while its contact is not yet durable.
 */
public final class MemoryIngest implements Ingest {

  private enum Mode { ACCEPT, FAIL, HOLD }

  private final Map<String, String> idsByKey = new HashMap<>();
  private final List<InboundContact> accepted = new ArrayList<>();
  private final List<InboundContact> duplicates = new ArrayList<>();
  private final List<Promise<Void>> held = new ArrayList<>();
  private Mode mode = Mode.ACCEPT;
  private int attempts;
  private int refused;

  @Override
  public Future<AcceptedContact> accept(InboundContact contact) {
    Promise<Void> gate = Promise.promise();
    synchronized (this) {
      attempts++;
      switch (mode) {
        case FAIL -> {
          refused++;
          return Future.failedFuture(new IllegalStateException("the store is unavailable (test)"));
        }
        case HOLD -> held.add(gate);
        case ACCEPT -> gate.complete();
      }
    }
    return gate.future().map(v -> store(contact));
  }

  private synchronized AcceptedContact store(InboundContact contact) {
    String key = contact.channel().wireName() + "\n" + contact.externalId();
    String first = idsByKey.get(key);
    if (first != null) {
      duplicates.add(contact);
      return new AcceptedContact(first, true);
    }
    String id = "ct_test" + (idsByKey.size() + 1);
    idsByKey.put(key, id);
    accepted.add(contact);
    return new AcceptedContact(id, false);
  }

  /** From now on every accept fails, as when the hub's store does not answer. */
  public synchronized void failAccepts() {
    mode = Mode.FAIL;
  }

  /** From now on accepts wait until {@link #acceptNormally()}. */
  public synchronized void holdAccepts() {
    mode = Mode.HOLD;
  }

  /** Accepts normally again and lets every held accept complete, in the order they came. */
  public void acceptNormally() {
    List<Promise<Void>> waiting;
    synchronized (this) {
      mode = Mode.ACCEPT;
      waiting = List.copyOf(held);
      held.clear();
    }
    waiting.forEach(Promise::complete);
  }

  /** Contacts kept, first deliveries only, in order. */
  public synchronized List<InboundContact> accepted() {
    return List.copyOf(accepted);
  }

  /** Contacts answered {@code duplicate=true}. */
  public synchronized List<InboundContact> duplicates() {
    return List.copyOf(duplicates);
  }

  /** Every call of {@link #accept}, whatever came of it. */
  public synchronized int attempts() {
    return attempts;
  }

  /** Accepts that failed because the store was made unavailable. */
  public synchronized int refused() {
    return refused;
  }

  /** Accepts waiting for {@link #acceptNormally()}. */
  public synchronized int heldCount() {
    return held.size();
  }
}
