package org.crmhub.connector.email;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * One mailbox folder over IMAP, blocking: call only from a worker thread. Keeps its connection
 * between calls and reconnects when it was lost. Mail is read by UID above an offset, so nothing
 * depends on flags a person might also change; it is marked {@code \Seen} (or moved to the
 * processed folder) only when the hub has accepted it.
 */
final class ImapMailbox {

  /**
   * A mail fetched from the folder; {@code source} is the header block only when it was too large.
   * UIDVALIDITY and UID name it within the mailbox (the key of a mail without Message-ID).
   */
  record Fetched(long uidValidity, long uid, Instant receivedAt, byte[] source, String note) {}

  /**
   * @param resync the folder was renumbered (or never read): already-seen mail was left out
   * @param more the folder holds further unread UIDs beyond this batch
   */
  record Batch(long uidValidity, List<Fetched> mails, long highestUid, boolean resync, boolean more) {}

  /** Mails up to this size are fetched whole, many in one command. */
  private static final int PREFETCH_MAX_BYTES = 256 * 1024;

  private final MailboxSettings settings;
  private final Session session;
  private volatile IMAPStore store;
  private volatile IMAPFolder folder;

  ImapMailbox(MailboxSettings settings) {
    this.settings = settings;
    this.session = MailSessions.imap(settings.imap(), settings.allowPlaintext(), settings.idleRenew());
  }

  private IMAPFolder open() throws MessagingException {
    IMAPFolder current = folder;
    if (current != null && current.isOpen() && store != null && store.isConnected()) {
      return current;
    }
    close();
    IMAPStore connected = (IMAPStore) session.getStore(settings.imap().scheme());
    connected.connect(settings.imap().host(), settings.imap().port(), settings.imap().user(), settings.imap().password());
    store = connected;
    IMAPFolder opened = (IMAPFolder) connected.getFolder(settings.imap().folder());
    opened.open(Folder.READ_WRITE);
    folder = opened;
    return opened;
  }

  /** Up to {@code limit} mails above the offset, oldest first. */
  Batch fetch(MailboxOffset offset, int limit) throws MessagingException, IOException {
    IMAPFolder inbox = open();
    long uidValidity = inbox.getUIDValidity();
    boolean resync = offset.uidValidity() != uidValidity;
    long after = resync ? 0 : offset.lastUid();
    long lastUid = lastUid(inbox);
    // Ask only for a window of UIDs above the offset, widened while it holds too few (UIDs of mail
    // deleted meanwhile leave gaps): listing every UID above the offset on every pass makes a big
    // backlog quadratic.
    long window = Math.max(limit, MIN_UID_WINDOW);
    long end = after;
    List<Message> newer = List.of();
    while (end < lastUid && newer.size() < limit) {
      end = Math.min(lastUid, after + window);
      newer = messagesBetween(inbox, after, end);
      window *= 4;
    }
    boolean more = newer.size() > limit || end < lastUid;
    List<Message> batch = newer.subList(0, Math.min(limit, newer.size()));
    FetchProfile profile = new FetchProfile();
    profile.add(UIDFolder.FetchProfileItem.UID);
    profile.add(FetchProfile.Item.FLAGS);
    profile.add(FetchProfile.Item.SIZE);
    profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
    Message[] array = batch.toArray(Message[]::new);
    inbox.fetch(array, profile);
    prefetchWhole(inbox, array, resync);
    List<Fetched> fetched = new ArrayList<>();
    long highest = after;
    for (Message message : array) {
      long uid = inbox.getUID(message);
      highest = Math.max(highest, uid);
      if (resync && message.isSet(Flags.Flag.SEEN)) {
        // after a renumbering (or on first start) mail already read is not taken again
        continue;
      }
      fetched.add(fetchOne(message, uidValidity, uid));
    }
    return new Batch(uidValidity, fetched, highest, resync, more);
  }

  /** Smallest UID window asked for at once. */
  private static final long MIN_UID_WINDOW = 64;

  /**
   * The UID of the folder's newest mail, or 0 when it is empty. A NOOP first lets the server report
   * mail that arrived since the last command (the message count is only as fresh as that), then one
   * FETCH of one message.
   */
  private static long lastUid(IMAPFolder inbox) throws MessagingException {
    inbox.doCommand(protocol -> {
      protocol.simpleCommand("NOOP", null);
      return null;
    });
    int count = inbox.getMessageCount();
    return count <= 0 ? 0 : inbox.getUID(inbox.getMessage(count));
  }

  /** The mails with a UID in (after, end], oldest first. */
  private static List<Message> messagesBetween(IMAPFolder inbox, long after, long end) throws MessagingException {
    List<Message> found = new ArrayList<>();
    for (Message candidate : inbox.getMessagesByUID(after + 1, end)) {
      if (candidate != null) {
        long uid = inbox.getUID(candidate);
        if (uid > after && uid <= end) {
          found.add(candidate);
        }
      }
    }
    return found;
  }

  /**
   * Fetches the whole source of the batch's mails that are within the size limit in one command
   * instead of one round trip per mail; larger ones are handled one by one below.
   */
  private void prefetchWhole(IMAPFolder inbox, Message[] batch, boolean resync) throws MessagingException {
    List<Message> small = new ArrayList<>();
    for (Message message : batch) {
      if (message.getSize() <= PREFETCH_MAX_BYTES && !(resync && message.isSet(Flags.Flag.SEEN))) {
        small.add(message);
      }
    }
    if (!small.isEmpty()) {
      FetchProfile whole = new FetchProfile();
      whole.add(IMAPFolder.FetchProfileItem.MESSAGE);
      inbox.fetch(small.toArray(Message[]::new), whole);
    }
  }

  private Fetched fetchOne(Message message, long uidValidity, long uid) throws MessagingException, IOException {
    Date internal = message.getReceivedDate();
    Instant receivedAt = internal == null ? Instant.now() : internal.toInstant();
    if (message.getSize() > settings.maxMessageBytes()) {
      List<String> headers = Collections.list(((jakarta.mail.internet.MimeMessage) message).getAllHeaderLines());
      return new Fetched(uidValidity, uid, receivedAt, MailReader.headersOnly(headers),
          "the mail is larger than " + settings.maxMessageBytes() + " bytes; only its headers were read");
    }
    ByteArrayOutputStream source = new ByteArrayOutputStream(Math.max(1024, message.getSize()));
    message.writeTo(source);
    return new Fetched(uidValidity, uid, receivedAt, source.toByteArray(), null);
  }

  /** Marks the mails with these UIDs handled: moved to the processed folder, or flagged \Seen. */
  void markProcessed(List<Long> uids) throws MessagingException {
    if (uids.isEmpty()) {
      return;
    }
    IMAPFolder inbox = open();
    long[] array = uids.stream().mapToLong(Long::longValue).toArray();
    Message[] messages = java.util.Arrays.stream(inbox.getMessagesByUID(array))
        .filter(java.util.Objects::nonNull).toArray(Message[]::new);
    if (messages.length == 0) {
      return;
    }
    if (settings.processedFolder() == null) {
      inbox.setFlags(messages, new Flags(Flags.Flag.SEEN), true);
      return;
    }
    Folder target = store.getFolder(settings.processedFolder());
    if (!target.exists()) {
      target.create(Folder.HOLDS_MESSAGES);
    }
    inbox.setFlags(messages, new Flags(Flags.Flag.SEEN), true);
    if (store.hasCapability("MOVE")) {
      inbox.moveMessages(messages, target);
    } else {
      inbox.copyMessages(messages, target);
      inbox.setFlags(messages, new Flags(Flags.Flag.DELETED), true);
      inbox.expunge(messages);
    }
  }

  boolean supportsIdle() throws MessagingException {
    open();
    return store.hasCapability("IDLE");
  }

  /** True when mail above {@code lastUid} is waiting (checked before going idle). */
  boolean hasNewerThan(long lastUid) throws MessagingException {
    return lastUid(open()) > lastUid;
  }

  /** Waits in IMAP IDLE until the folder changes or {@link #wakeUp()} is called from another thread. */
  void idle() throws MessagingException {
    open().idle(true);
  }

  /** Ends a running IDLE: a command from another thread makes Jakarta Mail send DONE first. */
  void wakeUp() {
    IMAPFolder current = folder;
    if (current == null || !current.isOpen()) {
      return;
    }
    try {
      current.doCommand(protocol -> {
        protocol.simpleCommand("NOOP", null);
        return null;
      });
    } catch (MessagingException | RuntimeException ignored) {
      // the idle ends either way once the connection fails
    }
  }

  void close() {
    IMAPFolder openFolder = folder;
    IMAPStore openStore = store;
    folder = null;
    store = null;
    try {
      if (openFolder != null && openFolder.isOpen()) {
        openFolder.close(false);
      }
    } catch (MessagingException | RuntimeException ignored) {
      // closing a broken connection
    }
    try {
      if (openStore != null) {
        openStore.close();
      }
    } catch (MessagingException | RuntimeException ignored) {
      // closing a broken connection
    }
  }
}
