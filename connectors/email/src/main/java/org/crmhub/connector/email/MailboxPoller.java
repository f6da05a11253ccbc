package org.crmhub.connector.email;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.crmhub.connector.ConnectorContext;
import org.crmhub.connector.DeliveryReports;
import org.crmhub.connector.LeasedPoller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one mailbox on whichever hub holds its lease: a pass fetches a batch of mail above the
 * saved UID offset, hands them to the hub together (each a contact, a bounce report, or noise left
 * out), then saves the offset and marks the batch handled. Between batches it waits in IMAP IDLE
 * (re-issued every {@code idleRenew}, ended early when the lease is lost or the hub stops) or,
 * where the server has no IDLE, polls. All IMAP work runs on the mailbox's own worker threads.
 */
final class MailboxPoller {

  private static final Logger LOG = LoggerFactory.getLogger(MailboxPoller.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  private static final long IDLE_WATCH_MS = 250;

  private final Vertx vertx;
  private final ConnectorContext context;
  private final MailboxSettings settings;
  private final MailPreparer preparer;
  private final WorkerExecutor workers;
  private final ImapMailbox imap;
  private final LeasedPoller poller;
  private final String offsetKey;
  private volatile boolean stopping;

  MailboxPoller(ConnectorContext context, MailboxSettings settings, MailPreparer preparer) {
    this.vertx = context.vertx();
    this.context = context;
    this.settings = settings;
    this.preparer = preparer;
    // two threads: one may sit in IDLE while the other wakes it
    this.workers = vertx.createSharedWorkerExecutor("crmhub-imap-" + settings.address() + "-" + System.identityHashCode(this),
        2, settings.idleRenew().toSeconds() + 120, java.util.concurrent.TimeUnit.SECONDS);
    this.imap = new ImapMailbox(settings);
    this.offsetKey = "offset:" + settings.address() + ":" + settings.imap().folder();
    this.poller = new LeasedPoller(vertx, context.leases(), context.health(), source(),
        settings.pollInterval(), settings.lease(), MAX_BACKOFF, this::pass);
  }

  /** The name of the mailbox's lease and health entry. */
  String source() {
    return "email:" + settings.address();
  }

  void start() {
    LOG.info("email: reading {} from {}{}", settings.address(), settings.imap(),
        settings.idle() ? " (IDLE where offered)" : "");
    poller.start();
  }

  Future<Void> stop() {
    stopping = true;
    return blocking(() -> {
          imap.wakeUp();
          return null;
        })
        .otherwiseEmpty()
        .compose(v -> poller.stop())
        .compose(v -> blocking(() -> {
          imap.close();
          return null;
        }))
        .otherwiseEmpty()
        .compose(v -> workers.close());
  }

  private Future<Duration> pass() {
    return context.state().get(offsetKey)
        .map(MailboxOffset::parse)
        .compose(offset -> blocking(() -> prepare(imap.fetch(offset, settings.batchSize())))
            .compose(batch -> handleAll(batch.mails())
                .compose(handled -> finish(offset, batch, handled))))
        .onFailure(failure -> blocking(() -> {
          imap.close();
          return null;
        }))
        .recover(failure -> Future.failedFuture(new IllegalStateException(settings.mask(String.valueOf(failure.getMessage())))));
  }

  private record Prepared(long uid, MailPreparer.Prepared mail) {}

  private record PreparedBatch(ImapMailbox.Batch fetched, List<Prepared> mails) {}

  private PreparedBatch prepare(ImapMailbox.Batch batch) {
    List<Prepared> mails = new ArrayList<>();
    for (ImapMailbox.Fetched fetched : batch.mails()) {
      mails.add(new Prepared(fetched.uid(), preparer.prepare(fetched)));
    }
    return new PreparedBatch(batch, mails);
  }

  /**
   * Hands the whole batch to the hub at once, so Redis gets the accepts pipelined instead of one
   * round trip (and fsync) per mail; the stream is partitioned, so mails were never processed in
   * strict UID order anyway. Any failure fails the pass and the offset stays: the next pass offers
   * the batch again, and the mails already accepted are recognised as duplicates. Nothing starts
   * once the lease is lost.
   */
  private Future<Integer> handleAll(List<Prepared> mails) {
    if (mails.isEmpty() || !poller.holding()) {
      return Future.succeededFuture(0);
    }
    List<Future<Void>> handled = new ArrayList<>(mails.size());
    for (Prepared mail : mails) {
      handled.add(handle(mail.mail()));
    }
    return Future.all(handled).map(all -> mails.size());
  }

  private Future<Void> handle(MailPreparer.Prepared mail) {
    MailTriage.Verdict verdict = mail.verdict();
    if (verdict instanceof MailTriage.Skip skip) {
      LOG.debug("email {}: left out a mail: {}", settings.address(), skip.reason());
      return Future.succeededFuture();
    }
    if (verdict instanceof MailTriage.Bounce bounce) {
      return context.deliveries().report(bounce.reply().conversationId(), bounce.reply().replyId(),
          DeliveryReports.Status.BOUNCED, bounce.reason());
    }
    return preparer.store(mail)
        .compose(v -> context.ingest().accept(mail.contact()))
        .mapEmpty();
  }

  /**
   * Saves the offset up to the last mail handled, marks those mails, and says when to look again.
   * A hub that lost the lease meanwhile (it stalled past it) records nothing: the offset is the
   * new holder's now, and saving an older one would make it read mail again.
   */
  private Future<Duration> finish(MailboxOffset before, PreparedBatch batch, int handled) {
    if (!poller.holding()) {
      LOG.info("email {}: lease lost during a pass; the hub holding it now goes on from its own offset",
          settings.address());
      return Future.succeededFuture(Duration.ZERO);
    }
    ImapMailbox.Batch fetched = batch.fetched();
    boolean complete = handled == batch.mails().size();
    long upTo = complete ? fetched.highestUid() : (handled == 0 ? -1 : batch.mails().get(handled - 1).uid());
    if (upTo < 0 || (upTo == before.lastUid() && fetched.uidValidity() == before.uidValidity())) {
      return complete ? next(fetched, before.lastUid()) : Future.succeededFuture(Duration.ZERO);
    }
    List<Long> uids = batch.mails().subList(0, handled).stream().map(Prepared::uid).toList();
    if (fetched.resync()) {
      LOG.info("email {}: folder read from the start (first run or UIDVALIDITY changed), unread mail taken",
          settings.address());
    }
    return context.state().put(offsetKey, new MailboxOffset(fetched.uidValidity(), upTo).format())
        .compose(v -> blocking(() -> {
          imap.markProcessed(uids);
          return null;
        }))
        .compose(v -> complete ? next(fetched, upTo) : Future.succeededFuture(Duration.ZERO));
  }

  private Future<Duration> next(ImapMailbox.Batch fetched, long lastUid) {
    if (fetched.more()) {
      return Future.succeededFuture(Duration.ZERO);
    }
    if (!settings.idle() || stopping) {
      return Future.succeededFuture(null);
    }
    return blocking(() -> imap.supportsIdle() ? (imap.hasNewerThan(lastUid) ? Wait.MAIL_WAITING : Wait.IDLE) : Wait.POLL)
        .compose(wait -> switch (wait) {
          case MAIL_WAITING -> Future.succeededFuture(Duration.ZERO);
          case POLL -> Future.succeededFuture((Duration) null);
          case IDLE -> idle();
        });
  }

  private enum Wait { MAIL_WAITING, IDLE, POLL }

  /**
   * One bounded IDLE; it ends when mail arrives, the lease is lost, the hub stops or time is up.
   * The wake-up is repeated until the IDLE has returned: one sent just before the IDLE began
   * would otherwise be lost.
   */
  private Future<Duration> idle() {
    long deadline = System.currentTimeMillis() + settings.idleRenew().toMillis();
    AtomicBoolean waking = new AtomicBoolean();
    long watch = vertx.setPeriodic(IDLE_WATCH_MS, id -> {
      if ((stopping || !poller.holding() || System.currentTimeMillis() > deadline) && waking.compareAndSet(false, true)) {
        blocking(() -> {
          imap.wakeUp();
          return null;
        }).onComplete(done -> waking.set(false));
      }
    });
    return blocking(() -> {
          imap.idle();
          return null;
        })
        .eventually(() -> {
          vertx.cancelTimer(watch);
          return Future.succeededFuture();
        })
        .map(v -> Duration.ZERO);
  }

  private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
    return workers.executeBlocking(work, false);
  }
}
