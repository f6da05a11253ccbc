package org.crmhub.hub.sentiment;

/**
 * VADER's "words and emoticons" of one text: lowercased tokens plus, per token, whether the original
 * spelling was ALL CAPS and which boundary follows it.
 *
 * @param words    lowercased tokens, punctuation stripped as VADER does
 * @param allCaps  per token: the original spelling was ALL CAPS
 * @param breaks   per token: {@link #NO_BREAK}, {@link #CLAUSE_BREAK} (",", ";", ":", a dash) or
 *                 {@link #SENTENCE_BREAK} (".", "!", a line break) or {@link #QUESTION_BREAK} ("?")
 *                 right after it
 * @param size     number of tokens; the arrays may be longer
 */
record Tokens(String[] words, boolean[] allCaps, byte[] breaks, int size) {

  static final byte NO_BREAK = 0;
  static final byte CLAUSE_BREAK = 1;
  /** Ends a sentence; so does {@link #QUESTION_BREAK}, which is greater. */
  static final byte SENTENCE_BREAK = 2;
  static final byte QUESTION_BREAK = 3;
}
