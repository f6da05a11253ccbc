package org.crmhub.connector.email;

/**
 * How far a mailbox folder has been read: every mail up to {@code lastUid} under {@code uidValidity}
 * was accepted by the hub. A different UIDVALIDITY means the server renumbered the folder.
 */
record MailboxOffset(long uidValidity, long lastUid) {

  static final MailboxOffset NONE = new MailboxOffset(-1, 0);

  static MailboxOffset parse(String stored) {
    if (stored == null) {
      return NONE;
    }
    String[] parts = stored.split(":");
    try {
      return parts.length == 2 ? new MailboxOffset(Long.parseLong(parts[0]), Long.parseLong(parts[1])) : NONE;
    } catch (NumberFormatException corrupt) {
      return NONE;
    }
  }

  String format() {
    return uidValidity + ":" + lastUid;
  }
}
