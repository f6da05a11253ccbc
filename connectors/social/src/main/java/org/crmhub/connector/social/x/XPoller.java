package org.crmhub.connector.social.x;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.crmhub.connector.ConnectorState;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Ingest;
import org.crmhub.connector.social.InOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll pass over the account's mentions and DMs (run by a LeasedPoller, so one hub at a time).
 * New items are fetched newest first page by page down to the saved offset, then handed to the
 * hub oldest first; the offset ({@code since_id} for mentions, the newest DM event id) is saved
 * after each item is accepted, so a restart resumes without loss or repeats. Each endpoint keeps
 * its own rate limit: once X says its budget is spent, or answers 429, that endpoint is not asked
 * again before the reset, and the pass answers how long to wait.
 */
final class XPoller {

  static final String MENTIONS_SINCE = "mentions.sinceId";
  static final String DMS_NEWEST = "dms.newestId";
  private static final Logger LOG = LoggerFactory.getLogger(XPoller.class);
  /** A backlog deeper than this many pages since the last pass keeps only its newest pages. */
  private static final int MAX_PAGES = 10;

  private final XSettings settings;
  private final XTweets tweets;
  private final XDirectMessages dms;
  private final ConnectorState state;
  private final Ingest ingest;
  private Instant mentionsNotBefore = Instant.EPOCH;
  private Instant dmsNotBefore = Instant.EPOCH;

  XPoller(XSettings settings, XTweets tweets, XDirectMessages dms, ConnectorState state, Ingest ingest) {
    this.settings = settings;
    this.tweets = tweets;
    this.dms = dms;
    this.state = state;
    this.ingest = ingest;
  }

  /** @return the wait before the next pass: the interval, or longer while both endpoints are limited */
  Future<Duration> pass() {
    return gated(mentionsNotBefore, this::pollMentions, next -> mentionsNotBefore = next)
        .compose(v -> gated(dmsNotBefore, this::pollDms, next -> dmsNotBefore = next))
        .map(v -> {
          Instant soonest = mentionsNotBefore.isBefore(dmsNotBefore) ? mentionsNotBefore : dmsNotBefore;
          return Duration.ofMillis(Math.max(1, Duration.between(Instant.now(), soonest).toMillis()));
        });
  }

  /** Runs one endpoint's poll unless it must wait; a rate-limit refusal only moves its gate. */
  private Future<Void> gated(Instant notBefore, java.util.function.Supplier<Future<RateLimit>> poll,
      java.util.function.Consumer<Instant> gate) {
    if (Instant.now().isBefore(notBefore)) {
      return Future.succeededFuture();
    }
    return poll.get()
        .map(limit -> {
          Instant next = Instant.now().plus(settings.pollInterval());
          gate.accept(limit != null && limit.spent() && limit.notBefore().isAfter(next) ? limit.notBefore() : next);
          return (Void) null;
        })
        .recover(failure -> {
          if (failure instanceof RateLimit.ExceededException limited) {
            LOG.warn("{}; waiting for the reset", failure.getMessage());
            gate.accept(limited.notBefore());
            return Future.succeededFuture();
          }
          return Future.failedFuture(failure);
        });
  }

  private Future<RateLimit> pollMentions() {
    return state.get(MENTIONS_SINCE).compose(sinceId -> mentionPages(sinceId, null, new ArrayList<>(), 0)
        .compose(fetched -> {
          List<InboundContact> oldestFirst = fetched.contacts().stream()
              .sorted(Comparator.comparing(XPoller::tweetId, XContacts::compareIds)).toList();
          return InOrder.accept(ingest, oldestFirst, saveOffset(MENTIONS_SINCE, XPoller::tweetId))
              .map(count -> fetched.rateLimit());
        }));
  }

  private record Fetched(List<InboundContact> contacts, RateLimit rateLimit) {}

  private Future<Fetched> mentionPages(String sinceId, String token, List<InboundContact> found, int pages) {
    return tweets.mentions(settings.accountUserId(), sinceId, token).compose(page -> {
      found.addAll(page.contacts());
      // without an offset yet, the newest page is where the account starts
      if (page.nextToken() == null || sinceId == null) {
        return Future.succeededFuture(new Fetched(found, page.rateLimit()));
      }
      if (pages + 1 >= MAX_PAGES || (page.rateLimit() != null && page.rateLimit().spent())) {
        LOG.warn("X mentions: more than {} new pages since the last pass; the oldest are skipped", pages + 1);
        return Future.succeededFuture(new Fetched(found, page.rateLimit()));
      }
      return mentionPages(sinceId, page.nextToken(), found, pages + 1);
    });
  }

  private Future<RateLimit> pollDms() {
    return state.get(DMS_NEWEST).compose(newest -> dmPages(newest, null, new ArrayList<>(), 0)
        .compose(fetched -> {
          List<XDirectMessages.DmEvent> oldestFirst = fetched.events().stream()
              .sorted(Comparator.comparing(XDirectMessages.DmEvent::id, XContacts::compareIds)).toList();
          List<InboundContact> received = oldestFirst.stream().map(XDirectMessages.DmEvent::contact)
              .filter(java.util.Objects::nonNull).toList();
          return InOrder.accept(ingest, received, saveOffset(DMS_NEWEST, XPoller::dmEventId))
              // our own sent DMs move the offset too, once everything before them is in
              .compose(count -> oldestFirst.isEmpty() ? Future.succeededFuture()
                  : state.put(DMS_NEWEST, oldestFirst.get(oldestFirst.size() - 1).id()))
              .map(v -> fetched.rateLimit());
        }));
  }

  private record FetchedDms(List<XDirectMessages.DmEvent> events, RateLimit rateLimit) {}

  /** DM events have no since_id: pages are read until one reaches the saved newest id. */
  private Future<FetchedDms> dmPages(String newest, String token, List<XDirectMessages.DmEvent> found, int pages) {
    return dms.events(token).compose(page -> {
      boolean reachedKnown = false;
      for (XDirectMessages.DmEvent event : page.events()) {
        if (newest != null && XContacts.compareIds(event.id(), newest) <= 0) {
          reachedKnown = true;
        } else {
          found.add(event);
        }
      }
      if (reachedKnown || page.nextToken() == null || newest == null) {
        return Future.succeededFuture(new FetchedDms(found, page.rateLimit()));
      }
      if (pages + 1 >= MAX_PAGES || (page.rateLimit() != null && page.rateLimit().spent())) {
        LOG.warn("X DMs: more than {} new pages since the last pass; the oldest are skipped", pages + 1);
        return Future.succeededFuture(new FetchedDms(found, page.rateLimit()));
      }
      return dmPages(newest, page.nextToken(), found, pages + 1);
    });
  }

  private Function<InboundContact, Future<Void>> saveOffset(String key, Function<InboundContact, String> id) {
    return contact -> state.put(key, id.apply(contact));
  }

  private static String tweetId(InboundContact contact) {
    return contact.metadata().getString("tweetId");
  }

  private static String dmEventId(InboundContact contact) {
    return contact.metadata().getString("dmEventId");
  }
}
