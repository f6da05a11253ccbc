package org.crmhub.hub.customer.duplicates;

/**
 * Key layout of the possible-duplicates index. Every key shares the hash tag {@code {dup}}, so
 * the index's Lua scripts (which touch pairs, per-customer lists and name groups at once) run in
 * Redis Cluster too; the scripts derive keys from {@link #PREFIX} the same way.
 */
final class DuplicateKeys {

  static final String PREFIX = "crm:{dup}:";

  private DuplicateKeys() {}

  /** pair ids, scored by strength and time (strong ones above {@link DuplicateScores#STRONG}) */
  static String pairs() {
    return PREFIX + "pairs";
  }

  /** the pair ids one customer is part of, scored as in {@link #pairs()} */
  static String pairsOf(String customerId) {
    return PREFIX + "of:" + customerId;
  }

  /** a pair: {@code a}, {@code b} (customer ids, a < b), {@code since}, and one {@code why:…} field per reason */
  static String pair(String pairId) {
    return PREFIX + "pair:" + pairId;
  }

  /** customers merged into another (until split again): never in a new pair */
  static String gone() {
    return PREFIX + "gone";
  }
}
