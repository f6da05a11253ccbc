package org.crmhub.connector.social.x;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crmhub.connector.InboundContact;
import twitter4j.CreateTweetResponse;
import twitter4j.PaginationToken;
import twitter4j.RateLimitStatus;
import twitter4j.Tweet;
import twitter4j.TweetsResponse;
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.TwitterFactory;
import twitter4j.TwitterV2;
import twitter4j.TwitterV2ExKt;
import twitter4j.User2;
import twitter4j.V2ConfigurationKt;
import twitter4j.auth.Authorization;
import twitter4j.conf.ConfigurationBuilder;

/**
 * Mentions timeline and reply tweets through Twitter4J and its v2 extension, acting as the account
 * (OAuth 1.0a). Twitter4J blocks, so every call runs on a worker thread. Both base URLs (v1.1 and
 * the extension's v2) come from the one configured API base, so tests talk to a fake X.
 */
final class XTweets {

  private static final int PAGE_SIZE = 100;

  private final Vertx vertx;
  private final Twitter twitter;
  private final TwitterV2 v2;
  private final XContacts contacts;

  /** One page of mentions, newest first, and what X said about the budget. */
  record MentionPage(List<InboundContact> contacts, String nextToken, RateLimit rateLimit) {}

  XTweets(Vertx vertx, XSettings settings, XContacts contacts) {
    this.vertx = vertx;
    this.contacts = contacts;
    this.twitter = new TwitterFactory(new ConfigurationBuilder()
        .setOAuthConsumerKey(settings.consumerKey())
        .setOAuthConsumerSecret(settings.consumerSecret())
        .setOAuthAccessToken(settings.accessToken())
        .setOAuthAccessTokenSecret(settings.accessTokenSecret())
        .setRestBaseURL(settings.apiBaseUrl() + "/1.1/")
        .setHttpRetryCount(0)
        .setHttpConnectionTimeout(5_000)
        .setHttpReadTimeout(15_000)
        .setJSONStoreEnabled(false)
        .build()).getInstance();
    V2ConfigurationKt.getV2Configuration(twitter.getConfiguration()).setBaseURL(settings.apiBaseUrl() + "/2/");
    this.v2 = TwitterV2ExKt.getV2(twitter);
  }

  /** The account's OAuth 1.0a signer, shared with the DM calls Twitter4J does not cover. */
  Authorization authorization() {
    return twitter.getAuthorization();
  }

  Future<MentionPage> mentions(String accountUserId, String sinceId, String paginationToken) {
    return vertx.executeBlocking(() -> {
      try {
        TweetsResponse page = v2.getUserMentions(Long.parseLong(accountUserId), null, "author_id", PAGE_SIZE, null,
            paginationToken == null ? null : new PaginationToken(paginationToken), null, null,
            sinceId == null ? null : Long.parseLong(sinceId), null,
            "author_id,conversation_id,created_at,in_reply_to_user_id", null, "username");
        Map<Long, User2> users = page.getUsersMap();
        List<InboundContact> found = new ArrayList<>();
        for (Tweet tweet : page.getTweets()) {
          if (tweet.getAuthorId() == null || Long.toString(tweet.getAuthorId()).equals(accountUserId)) {
            continue; // our own tweets that name the account are no contacts
          }
          User2 author = users.get(tweet.getAuthorId());
          found.add(contacts.mention(Long.toString(tweet.getId()), Long.toString(tweet.getAuthorId()),
              author == null ? null : author.getScreenName(), tweet.getText(),
              tweet.getConversationId() == null ? null : Long.toString(tweet.getConversationId()),
              tweet.getCreatedAt() == null ? null : tweet.getCreatedAt().toInstant()));
        }
        String next = page.getMeta() == null || page.getMeta().getNextToken() == null ? null
            : page.getMeta().getNextToken().getValue();
        return new MentionPage(found, next, rateLimit(page.getRateLimitStatus()));
      } catch (TwitterException e) {
        throw refusal("the mentions timeline", e);
      }
    }, false);
  }

  /** @return the id of the reply tweet */
  Future<String> reply(String text, String inReplyToTweetId) {
    try {
      TweetLength.check(text);
    } catch (IllegalArgumentException tooLong) {
      return Future.failedFuture(tooLong);
    }
    return vertx.executeBlocking(() -> {
      try {
        CreateTweetResponse created = v2.createTweet(null, null, null, null, null, null, null, null, null,
            Long.parseLong(inReplyToTweetId), null, text);
        return Long.toString(created.getId());
      } catch (TwitterException e) {
        throw refusal("the reply tweet", e);
      }
    }, false);
  }

  private static RuntimeException refusal(String what, TwitterException e) {
    if (e.getStatusCode() == 429 || e.exceededRateLimitation()) {
      return new RateLimit.ExceededException(what, rateLimit(e.getRateLimitStatus()));
    }
    String reason = e.getStatusCode() > 0 ? "HTTP " + e.getStatusCode() : "no answer";
    if (e.isErrorMessageAvailable() && e.getErrorMessage() != null) {
      reason += ": " + e.getErrorMessage();
    }
    return new IllegalStateException("X refused " + what + " (" + reason + ")");
  }

  private static RateLimit rateLimit(RateLimitStatus status) {
    return status == null ? null
        : new RateLimit(status.getRemaining(), java.time.Instant.ofEpochSecond(status.getResetTimeInSeconds()));
  }
}
