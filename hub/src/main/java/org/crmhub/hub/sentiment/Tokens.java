package org.crmhub.hub.sentiment;

/**
 * VADER's "words and emoticons" of one text: lowercased tokens plus, per token, whether the original
 * spelling was ALL CAPS.
 */
record Tokens(String[] words, boolean[] allCaps) {

  int size() {
    return words.length;
  }
}
