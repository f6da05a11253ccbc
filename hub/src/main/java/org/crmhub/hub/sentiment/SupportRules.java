package org.crmhub.hub.sentiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules for customer-support text on top of VADER's: phrases whose valence is fixed ("no problem",
 * "on hold", "thanks for nothing"), sarcastic praise ("Great, another delay."), courtesy that is not
 * praise ("please" in a support request, a closing "Thanks." under a question, a greeting or a
 * sign-off around a complaint), questions that ask rather than praise, and contrast: what
 * follows the last "but" or "however" weighs more than what comes before it (VADER only looks at its
 * first "but").
 *
 * <p>Immutable after loading and shared by all threads; per-text state lives in arrays the caller owns.
 */
final class SupportRules {

  static final String PHRASES_RESOURCE = "/sentiment/support_phrases.txt";

  /** Weight of a clause before a contrast marker, and of one after it (VADER's "but" factors). */
  private static final double BEFORE_CONTRAST = 0.5;
  private static final double AFTER_CONTRAST = 1.5;

  /** Praise that, opening a sentence and followed by a complaint, is sarcasm. */
  private static final Set<String> SARCASTIC_PRAISE = Set.of(
      "great", "wonderful", "perfect", "fantastic", "brilliant", "awesome", "nice", "super",
      "excellent", "amazing", "lovely", "terrific", "splendid", "marvelous", "marvellous", "joy",
      "yay", "cool", "good", "wow");
  /** Words that may come before such praise: "Oh great", "Just perfect". */
  private static final Set<String> SARCASM_LEAD_IN = Set.of("oh", "just", "wow", "yeah", "well", "so", "really", "how");
  /** Nouns that may follow such praise: "Great job losing my order". */
  private static final Set<String> PRAISE_NOUNS = Set.of(
      "job", "work", "service", "timing", "news", "stuff", "one", "how", "when");
  /** Verbs of "Nice to see ...", "Good to know ...", which may praise what follows sarcastically. */
  private static final Set<String> LEARNING = Set.of("see", "know", "hear", "learn", "find");
  /** Signs of exasperation that turn praise before them into sarcasm even without a negative word. */
  private static final Set<String> EXASPERATION = Set.of(
      "another", "again", "yet", "still", "nobody", "never", "forever", "waiting", "nothing", "anyway");
  private static final Set<String> THANKS = Set.of("thanks", "thank", "thx", "ty", "thankyou", "tks");
  private static final Set<String> LOVE = Set.of("love", "loving", "loved");
  private static final Set<String> CONTRAST = Set.of("but", "however");
  /** Words of a courtesy closing such as "Thank you very much." or "Many thanks again". */
  private static final Set<String> CLOSING = Set.of(
      "thanks", "thank", "thx", "ty", "you", "many", "much", "very", "so", "again", "in", "advance", "a",
      "lot", "cheers", "and", "regards", "best", "kind", "kindest", "warm", "all", "for", "your", "help",
      "time", "assistance", "the", "support");
  /**
   * Words that make a sentence a request, under which a closing "Thanks." is courtesy, not praise:
   * anywhere in it ("please"), or as its first word ("Could you ...", "Send ...").
   */
  private static final Set<String> REQUEST_WORDS = Set.of("please", "kindly", "pls", "plz");
  /**
   * What a support request is about or asks support to do. "please", "kindly", "pls" and "plz" in a
   * sentence with one of these are courtesy ("Please send the invoice.") and count nothing; elsewhere
   * they keep VADER's valence ("Please spread the word!").
   */
  private static final Set<String> SUPPORT_TOPICS = Set.of(
      "order", "orders", "ordered", "account", "accounts", "ticket", "tickets", "refund", "refunds", "invoice",
      "invoices", "invoiced", "receipt", "receipts", "payment", "payments", "billing", "bill", "charge", "charges",
      "charged", "password", "login", "address", "subscription", "membership", "plan", "contract", "delivery",
      "deliver", "shipping", "shipment", "package", "parcel", "tracking", "item", "items", "product", "products",
      "appointment", "installation", "booking", "reservation", "document", "documents", "form", "quote", "label",
      "warranty", "return", "replacement", "status", "details", "number", "phone", "mobile", "email", "emails",
      "data", "price", "prices", "link", "screenshot", "attached", "attachment", "model", "steps", "terms", "card",
      "copy", "meeting", "contact", "send", "resend", "forward", "confirm", "update", "reset", "cancel", "schedule",
      "advise", "register", "unsubscribe", "reply", "respond", "escalate", "support", "service", "fix", "repair",
      "call", "check", "look", "bug", "error", "issue", "app", "website", "admin", "user", "users", "colleague",
      "seat", "seats", "license", "licence", "access", "permissions", "role");
  private static final Set<String> REQUEST_OPENERS = Set.of(
      "can", "could", "would", "will", "send", "let", "update", "change", "add", "confirm", "check", "forward",
      "advise", "i'd", "we'd");
  /** Valence of a negated statement in a message without any sentiment word, see {@link #negatedStatement}. */
  static final double NEGATED_STATEMENT_VALENCE = -0.3;
  /** Words that press for an answer, which makes an exclamation urgency, not gladness. */
  private static final Set<String> URGENCY = Set.of("asap", "urgent", "urgently", "immediately", "hurry", "answer");
  /** Words before "help" that make it a request for help ("can you help"), not praise. */
  private static final Set<String> HELP_REQUEST = Set.of(
      "please", "you", "someone", "anyone", "somebody", "need", "needs", "want", "can", "could", "would", "pls", "plz");
  /** Words after "still" that make it a complaint: "still waiting", "still not", "still broken". */
  private static final Set<String> STILL_COMPLAINT = Set.of(
      "waiting", "no", "nothing", "not", "broken", "down", "missing", "unresolved",
      "unanswered", "charging", "charged", "having", "getting", "ongoing", "pending", "haven't", "hasn't",
      "havent", "hasnt", "isn't", "isnt", "doesn't", "doesnt", "don't", "dont", "can't", "cant", "cannot",
      "won't", "wont", "didn't", "didnt", "there");
  /** Valence of "even" in "won't even start". */
  private static final double NOT_EVEN_VALENCE = -1.2;
  /** Verbs of noticing: "I didn't even know" is surprise, not exasperation. */
  private static final Set<String> AWARENESS = Set.of("know", "notice", "realize", "realise", "think");
  private static final double STILL_COMPLAINT_VALENCE = -1.5;
  /** Words that make a following duration a complaint: "waiting for two weeks", "it has been ten days". */
  private static final Set<String> WAITING = Set.of(
      "waiting", "waited", "wait", "been", "took", "taken", "takes", "taking", "hold", "still");
  private static final Set<String> DURATION_UNITS = Set.of(
      "hour", "hours", "day", "days", "week", "weeks", "month", "months", "minutes", "mins", "hrs");
  private static final Set<String> DURATION_COUNTS = Set.of(
      "an", "a", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "few",
      "many", "couple", "whole", "entire", "over", "almost", "nearly", "more", "than", "of");
  private static final double WAITING_VALENCE = -1.5;
  /** How many words before a duration unit its waiting word may stand. */
  private static final int WAITING_REACH = 5;

  /** Phrases by first word; longer phrases first so the longest match wins. */
  private final Map<String, Phrase[]> phrases;

  private SupportRules(Map<String, Phrase[]> phrases) {
    this.phrases = phrases;
  }

  static SupportRules fromClasspath() {
    Map<String, List<Phrase>> byFirstWord = new HashMap<>();
    Lexicon.TabFile file = new Lexicon.TabFile(PHRASES_RESOURCE);
    // The file has the valence first: "valence TAB words".
    while (file.next()) {
      double valence = Double.parseDouble(file.key());
      String[] words = splitOnSpaces(file.value().strip());
      List<Phrase> list = byFirstWord.get(words[0]);
      if (list == null) {
        list = new ArrayList<>();
        byFirstWord.put(words[0], list);
      }
      list.add(new Phrase(valence, words));
    }
    Map<String, Phrase[]> phrases = new HashMap<>();
    for (Map.Entry<String, List<Phrase>> entry : byFirstWord.entrySet()) {
      List<Phrase> list = entry.getValue();
      Phrase[] longestFirst = new Phrase[list.size()];
      int index = 0;
      for (int length = 16; length > 0; length--) {
        for (Phrase phrase : list) {
          if (phrase.words.length == length) {
            longestFirst[index++] = phrase;
          }
        }
      }
      if (index != longestFirst.length) {
        throw new IllegalStateException("Phrase longer than 16 words in " + PHRASES_RESOURCE);
      }
      phrases.put(entry.getKey(), longestFirst);
    }
    return new SupportRules(Collections.unmodifiableMap(phrases));
  }

  private static String[] splitOnSpaces(String text) {
    List<String> words = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      while (i < text.length() && text.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      while (i < text.length() && text.charAt(i) != ' ') {
        i++;
      }
      if (i > start) {
        words.add(text.substring(start, i));
      }
    }
    return words.toArray(new String[0]);
  }

  /** Every word of the phrases and of the rules' word lists, for the {@link Vocabulary}. */
  void addWords(java.util.Collection<String> into) {
    for (Phrase[] list : phrases.values()) {
      for (Phrase phrase : list) {
        into.addAll(Arrays.asList(phrase.words));
      }
    }
    for (Set<String> set : List.of(SARCASTIC_PRAISE, SARCASM_LEAD_IN, PRAISE_NOUNS, EXASPERATION, THANKS, LOVE,
        CONTRAST, CLOSING, REQUEST_WORDS, SUPPORT_TOPICS, REQUEST_OPENERS, HELP_REQUEST, STILL_COMPLAINT, WAITING,
        DURATION_UNITS, DURATION_COUNTS, URGENCY, AWARENESS)) {
      into.addAll(set);
    }
    into.addAll(Arrays.asList("still", "help", "assist", "for", "regards", "let", "me", "us", "know", "call"));
  }

  /**
   * Valences that support phrases and word rules fix for some tokens: the phrase's valence on its
   * first token, 0 on the others, NaN for tokens no rule fixed. Null when no rule fixed anything.
   */
  double[] fixedValences(Tokens tokens, Lexicon lexicon) {
    String[] words = tokens.words();
    int size = tokens.size();
    double[] fixed = null;
    for (int i = 0; i < size; i++) {
      if (fixed != null && !Double.isNaN(fixed[i])) {
        continue;
      }
      String word = words[i];
      Phrase[] candidates = phrases.get(word);
      if (candidates != null) {
        for (Phrase phrase : candidates) {
          if (phrase.matches(tokens, i)) {
            fixed = fixed == null ? nanArray(size) : fixed;
            // Negated like a word: "didn't come through", "not too expensive".
            fixed[i] = isNegatedByPrevious(tokens, i) ? ModifierWords.negateForSupport(phrase.valence) : phrase.valence;
            for (int k = 1; k < phrase.words.length; k++) {
              fixed[i + k] = 0.0;
            }
            break;
          }
        }
        if (fixed != null && !Double.isNaN(fixed[i])) {
          continue;
        }
      }
      if (word.equals("still") && i + 1 < size && tokens.breaks()[i] == Tokens.NO_BREAK
          && STILL_COMPLAINT.contains(words[i + 1])) {
        fixed = fixed == null ? nanArray(size) : fixed;
        fixed[i] = STILL_COMPLAINT_VALENCE;
      } else if (word.equals("even") && isNotEven(tokens, lexicon, i)) {
        fixed = fixed == null ? nanArray(size) : fixed;
        fixed[i] = NOT_EVEN_VALENCE;
      } else if ((word.equals("help") || word.equals("assist")) && requestsHelp(tokens, i)) {
        fixed = fixed == null ? nanArray(size) : fixed;
        fixed[i] = 0.0;
      } else if (DURATION_UNITS.contains(word) && isComplainedAbout(tokens, i)) {
        fixed = fixed == null ? nanArray(size) : fixed;
        fixed[i] = WAITING_VALENCE;
      }
    }
    return fixed;
  }

  /**
   * "won't even start", "doesn't even load", "not even close": a negation, "even" at {@code i} and a
   * word without sentiment of its own is exasperation; the writer's own surprise is not ("I didn't
   * even know you were here").
   */
  private static boolean isNotEven(Tokens tokens, Lexicon lexicon, int i) {
    String[] words = tokens.words();
    byte[] breaks = tokens.breaks();
    return i > 0 && i + 1 < tokens.size() && breaks[i - 1] == Tokens.NO_BREAK && breaks[i] == Tokens.NO_BREAK
        && ModifierWords.isNegation(words[i - 1]) && Double.isNaN(lexicon.valence(words[i + 1]))
        && !(i > 1 && isWriter(words[i - 2]) && AWARENESS.contains(words[i + 1]));
  }

  private static boolean isWriter(String word) {
    return word.equals("i") || word.equals("we");
  }

  /** A negation right before {@code i} in its clause, or before an article there ("not a waste"). */
  private static boolean isNegatedByPrevious(Tokens tokens, int i) {
    String[] words = tokens.words();
    byte[] breaks = tokens.breaks();
    int k = i - 1;
    if (k > 0 && breaks[k] == Tokens.NO_BREAK && (words[k].equals("a") || words[k].equals("an"))) {
      k--;
    }
    return k >= 0 && breaks[k] == Tokens.NO_BREAK && ModifierWords.isNegation(words[k]);
  }

  /**
   * Takes the lexicon valence (sets NaN in {@code lexiconValences}) from words whose sentiment depends
   * on what the text is about: "please", "kindly", "pls", "plz" in a sentence that asks support for
   * something are courtesy, not praise; elsewhere they keep VADER's valence ("Please spread the word!").
   * "slowly" before praise is the pace of something good, no complaint ("slowly getting better").
   */
  void scopeLexicon(Tokens tokens, double[] lexiconValences) {
    String[] words = tokens.words();
    int size = tokens.size();
    // The sentence last checked for a support topic: up to which token, and whether it has one.
    int topicCheckedUpTo = -1;
    boolean topic = false;
    for (int i = 0; i < size; i++) {
      if (Double.isNaN(lexiconValences[i])) {
        continue;
      }
      if (REQUEST_WORDS.contains(words[i])) {
        if (i > topicCheckedUpTo) {
          topicCheckedUpTo = sentenceEnd(tokens, i);
          topic = hasSupportTopic(tokens, sentenceStart(tokens, i), topicCheckedUpTo);
        }
        if (topic) {
          lexiconValences[i] = Double.NaN;
        }
      } else if (words[i].equals("slowly") && praiseFollows(tokens, lexiconValences, i)) {
        lexiconValences[i] = Double.NaN;
      } else if (words[i].equals("support") && i > 0 && tokens.breaks()[i - 1] == Tokens.NO_BREAK
          && !Double.isNaN(lexiconValences[i - 1])) {
        // "the worst support", "great support": the team, judged by the word before it
        lexiconValences[i] = Double.NaN;
      }
    }
  }

  /** A word with positive lexicon valence among the two after {@code i}, in its clause. */
  private static boolean praiseFollows(Tokens tokens, double[] lexiconValences, int i) {
    int end = Math.min(tokens.size() - 1, i + 2);
    for (int k = i + 1; k <= end && tokens.breaks()[k - 1] == Tokens.NO_BREAK; k++) {
      if (lexiconValences[k] > 0) {
        return true;
      }
    }
    return false;
  }

  /** First token of the sentence of token {@code i}. */
  private static int sentenceStart(Tokens tokens, int i) {
    byte[] breaks = tokens.breaks();
    int k = i;
    while (k > 0 && breaks[k - 1] < Tokens.SENTENCE_BREAK) {
      k--;
    }
    return k;
  }

  /** Last token of the sentence of token {@code i}. */
  private static int sentenceEnd(Tokens tokens, int i) {
    byte[] breaks = tokens.breaks();
    int k = i;
    while (k < tokens.size() - 1 && breaks[k] < Tokens.SENTENCE_BREAK) {
      k++;
    }
    return k;
  }

  /**
   * Whether tokens {@code from..to} (inclusive) ask support for something: a {@link #SUPPORT_TOPICS}
   * word, or "let me know", "call me back" and the like.
   */
  private static boolean hasSupportTopic(Tokens tokens, int from, int to) {
    String[] words = tokens.words();
    for (int k = from; k <= to; k++) {
      String word = words[k];
      if (SUPPORT_TOPICS.contains(word)) {
        return true;
      }
      boolean toUs = k < to && (words[k + 1].equals("me") || words[k + 1].equals("us"));
      if (toUs && (word.equals("call") || (word.equals("let") && k + 1 < to && words[k + 2].equals("know")))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether an exclamation in this message, which has no sentiment word, may be gladness ("Got the
   * tickets!"): not when it names a support topic, asks politely or presses ("Call me back!",
   * "Please hurry!", "Urgent!"), where it is urgency.
   */
  boolean mayExclaimGladness(Tokens tokens) {
    String[] words = tokens.words();
    for (int k = 0; k < tokens.size(); k++) {
      if (URGENCY.contains(words[k])) {
        return false;
      }
    }
    int last = tokens.size() - 1;
    return !hasRequestWord(tokens, 0, last) && !hasSupportTopic(tokens, 0, last);
  }

  /**
   * The first negation in a statement of a message without any sentiment word, or -1. Such a
   * statement says that something is not so ("The discount doesn't show up at checkout", "Nothing
   * happens"), which raters of tweets, reviews and editorials mostly judged negative; {@link
   * #NEGATED_STATEMENT_VALENCE} goes on the negation. Not in a question, nor in a polite request or a
   * sentence about a support topic, where a negation is an instruction ("Please don't call before
   * ten", "Do not ship to the old address").
   */
  int negatedStatement(Tokens tokens) {
    String[] words = tokens.words();
    for (int k = 0; k < tokens.size(); k++) {
      if (!ModifierWords.isNegation(words[k])) {
        continue;
      }
      int start = sentenceStart(tokens, k);
      int end = sentenceEnd(tokens, k);
      if (tokens.breaks()[end] != Tokens.QUESTION_BREAK && !hasRequestWord(tokens, start, end)
          && !hasSupportTopic(tokens, start, end)) {
        return k;
      }
      k = end; // the rest of this sentence would be judged the same
    }
    return -1;
  }

  private static boolean hasRequestWord(Tokens tokens, int from, int to) {
    String[] words = tokens.words();
    for (int k = from; k <= to; k++) {
      if (REQUEST_WORDS.contains(words[k])) {
        return true;
      }
    }
    return false;
  }

  private static boolean requestsHelp(Tokens tokens, int i) {
    String[] words = tokens.words();
    for (int k = i - 1; k >= Math.max(0, i - 2); k--) {
      if (tokens.breaks()[k] != Tokens.NO_BREAK) {
        return false;
      }
      if (HELP_REQUEST.contains(words[k])) {
        return true;
      }
    }
    return false;
  }

  /**
   * A duration unit such as "days" after a count ("ten", "45", "a couple of") with a waiting word
   * before that, in the same clause: "waiting for two weeks", "on hold for 45 minutes".
   */
  private static boolean isComplainedAbout(Tokens tokens, int unit) {
    String[] words = tokens.words();
    byte[] breaks = tokens.breaks();
    int k = unit - 1;
    int counts = 0;
    while (k >= 0 && breaks[k] == Tokens.NO_BREAK && (DURATION_COUNTS.contains(words[k]) || isNumber(words[k]))) {
      k--;
      counts++;
    }
    if (counts == 0 && !(k >= 0 && words[k].equals("for") && words[unit].endsWith("s"))) {
      return false; // "for weeks" counts like "for two weeks"; "a day" or "this week" does not
    }
    for (int reach = 0; k >= 0 && reach < WAITING_REACH && breaks[k] == Tokens.NO_BREAK; k--, reach++) {
      if (WAITING.contains(words[k])) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNumber(String word) {
    if (word.isEmpty()) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      char c = word.charAt(k);
      if ((c < '0' || c > '9') && c != '+') {
        return false;
      }
    }
    return true;
  }

  private static double[] nanArray(int size) {
    double[] array = new double[size];
    Arrays.fill(array, Double.NaN);
    return array;
  }

  /** The words with every token whose valence a rule fixed replaced by "", so VADER's rules skip them. */
  static String[] blankFixed(Tokens tokens, double[] fixed) {
    String[] words = Arrays.copyOf(tokens.words(), tokens.size());
    for (int i = 0; i < words.length; i++) {
      if (!Double.isNaN(fixed[i])) {
        words[i] = "";
      }
    }
    return words;
  }

  /** Applies sarcasm, courtesy and contrast to the valences VADER's word rules gave the tokens. */
  void adjust(Tokens tokens, double[] sentiments, double[] fixed) {
    applySarcasm(tokens, sentiments, fixed);
    applyCourtesy(tokens, sentiments);
    applyQuestions(tokens, sentiments);
    applyGreeting(tokens, sentiments);
    applySignOff(tokens, sentiments);
    applyContrast(tokens, sentiments);
  }

  /**
   * "Great, another delay.", "Thanks a lot for losing my package", "Love how nobody answers": praise
   * followed by a complaint and no other praise turns negative.
   */
  private static void applySarcasm(Tokens tokens, double[] sentiments, double[] fixed) {
    String[] words = tokens.words();
    byte[] breaks = tokens.breaks();
    int size = tokens.size();
    int sentenceStart = 0;
    for (int i = 0; i < size; i++) {
      if (sentiments[i] > 0 && THANKS.contains(words[i])) {
        int object = thanksObject(tokens, sentiments, i);
        if (object >= 0 && sentiments[object] < 0) {
          if (fixed != null && !Double.isNaN(fixed[object])) {
            // "Thanks for the refund": what a customer thanks for is no complaint.
            sentiments[object] = 0.0;
          } else {
            sentiments[i] = -Math.abs(sentiments[i]);
          }
        } else if (thanksForThatAfterComplaint(tokens, sentiments, i, sentenceStart)) {
          sentiments[i] = -Math.abs(sentiments[i]);
        }
      } else if (sentiments[i] > 0 && isSarcasmCandidate(tokens, sentenceStart, i)) {
        int end = sarcasmScopeEnd(tokens, i);
        // Surprise alone is no praise to turn around: "Wow" needs a word of complaint after it.
        boolean exasperationCounts = !words[i].equals("wow");
        if (end > i && complaintWithoutPraise(tokens, sentiments, i + 1, end, exasperationCounts)) {
          sentiments[i] = -Math.abs(sentiments[i]);
          // "Love a good outage": praise of the complaint is part of the sarcasm.
          for (int k = i + 1; k < end; k++) {
            if (sentiments[k] > 0) {
              sentiments[k] = -sentiments[k];
            }
          }
        }
      }
      if (breaks[i] >= Tokens.SENTENCE_BREAK) {
        sentenceStart = i + 1;
      }
    }
  }

  /**
   * The word with sentiment at most three words after the "for" that follows the thanks at {@code i}
   * ("Thanks a lot for losing my package", "Thanks for the useless answer"), or -1. When it is
   * negative the thanks is sarcasm, unless it is a support word such as "refund", which is what the
   * customer is thanking for.
   */
  private static int thanksObject(Tokens tokens, double[] sentiments, int i) {
    String[] words = tokens.words();
    int size = tokens.size();
    int end = Math.min(size, i + 4);
    for (int k = i + 1; k < end; k++) {
      if (tokens.breaks()[k - 1] != Tokens.NO_BREAK) {
        return -1;
      }
      if (words[k].equals("for")) {
        for (int j = k + 1; j < Math.min(size, k + 4); j++) {
          if (sentiments[j] != 0) {
            return j;
          }
          // Thanks for doing something neutral ("Thanks for answering my awkward question") are not
          // for what follows the doing.
          if (tokens.breaks()[j] != Tokens.NO_BREAK || isGerund(words[j])) {
            return -1;
          }
        }
        return -1;
      }
    }
    return -1;
  }

  /**
   * "My order arrived broken. Thanks for that.": thanks for "that" or "this", closing their sentence,
   * right after a sentence that complains without praise.
   */
  private static boolean thanksForThatAfterComplaint(Tokens tokens, double[] sentiments, int i, int sentenceStart) {
    String[] words = tokens.words();
    byte[] breaks = tokens.breaks();
    int size = tokens.size();
    int k = i + 1;
    if (k < size && words[k].equals("you") && breaks[i] == Tokens.NO_BREAK) {
      k++;
    }
    if (k + 1 >= size || !words[k].equals("for") || breaks[k - 1] != Tokens.NO_BREAK
        || breaks[k] != Tokens.NO_BREAK || !(words[k + 1].equals("that") || words[k + 1].equals("this"))
        || (k + 2 < size && breaks[k + 1] < Tokens.SENTENCE_BREAK) || sentenceStart == 0) {
      return false;
    }
    return complaintWithoutPraise(tokens, sentiments, sentenceStart(tokens, sentenceStart - 1), sentenceStart, true);
  }

  /** An -ing form such as "answering" (not "thing" or "king"). */
  private static boolean isGerund(String word) {
    return word.length() > 5 && word.endsWith("ing");
  }

  private static boolean isSarcasmCandidate(Tokens tokens, int sentenceStart, int i) {
    String[] words = tokens.words();
    String word = words[i];
    int first = sentenceStart;
    while (first < i && SARCASM_LEAD_IN.contains(words[first])) {
      first++;
    }
    if (first != i) {
      return false;
    }
    if (LOVE.contains(word)) {
      return true;
    }
    if (!SARCASTIC_PRAISE.contains(word)) {
      return false;
    }
    // The praise must stand alone ("Great, ...", "Great!"), praise a noun ("Great job losing ...") or
    // what one learns ("Nice to see ...").
    byte after = tokens.breaks()[i];
    if (after != Tokens.NO_BREAK) {
      return true;
    }
    if (i + 2 < tokens.size() && words[i + 1].equals("to") && LEARNING.contains(words[i + 2])) {
      return true; // "Nice to see my ticket closed without an answer."
    }
    return i + 1 < tokens.size() && PRAISE_NOUNS.contains(words[i + 1]);
  }

  /**
   * Scope of possible sarcasm after the praise at {@code i}: the rest of its sentence, or the next
   * sentence when the praise stands alone ("Great! The app crashed again.").
   */
  private static int sarcasmScopeEnd(Tokens tokens, int i) {
    byte[] breaks = tokens.breaks();
    int size = tokens.size();
    for (int k = i + 1; k < size; k++) {
      if (breaks[k] >= Tokens.SENTENCE_BREAK) {
        return k + 1;
      }
    }
    return size;
  }

  /**
   * Whether tokens {@code from..to} (exclusive) complain, by a negative word or (when
   * {@code exasperationCounts}) a sign of exasperation, without praise. Praise such as "good" right
   * before the complaint in the same clause praises the complaint ("Love a good server outage") and
   * does not count.
   */
  private static boolean complaintWithoutPraise(Tokens tokens, double[] sentiments, int from, int to,
      boolean exasperationCounts) {
    String[] words = tokens.words();
    boolean complaint = false;
    for (int k = from; k < to; k++) {
      if (sentiments[k] > 0 && !(SARCASTIC_PRAISE.contains(words[k]) && complaintFollows(tokens, sentiments, k, to))
          && !isCondition(words, k)) {
        return false;
      }
      if (sentiments[k] < 0 || (exasperationCounts && EXASPERATION.contains(words[k]))) {
        complaint = true;
      }
    }
    return complaint;
  }

  /** "if you like" / "love" / "enjoy" at {@code k}: a condition ("Great service, if you like waiting"). */
  private static boolean isCondition(String[] words, int k) {
    return k > 1 && words[k - 1].equals("you") && words[k - 2].equals("if")
        && (words[k].equals("like") || words[k].equals("love") || words[k].equals("enjoy"));
  }

  /** A negative word among the three after {@code k} (before {@code to}), in its clause. */
  private static boolean complaintFollows(Tokens tokens, double[] sentiments, int k, int to) {
    for (int j = k + 1; j < Math.min(to, k + 4) && tokens.breaks()[j - 1] == Tokens.NO_BREAK; j++) {
      if (sentiments[j] < 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * A closing "Thanks." or "Thank you very much" under a request or question is courtesy, not
   * praise, when nothing else in the message carries sentiment.
   */
  private static void applyCourtesy(Tokens tokens, double[] sentiments) {
    String[] words = tokens.words();
    byte[] breaks = tokens.breaks();
    int size = tokens.size();
    boolean request = false;
    int sentenceStart = 0;
    // Tokens with sentiment in the whole text, kept up to date, so each check is O(sentence).
    int withSentiment = 0;
    for (int i = 0; i < size; i++) {
      withSentiment += sentiments[i] != 0 ? 1 : 0;
    }
    for (int i = 0; i < size; i++) {
      if (breaks[i] >= Tokens.SENTENCE_BREAK || i == size - 1) {
        if (isClosing(words, sentenceStart, i + 1)) {
          int inSentence = 0;
          for (int k = sentenceStart; k <= i; k++) {
            inSentence += sentiments[k] != 0 ? 1 : 0;
          }
          // Only when nothing outside the closing carries sentiment.
          if (request && inSentence == withSentiment) {
            for (int k = sentenceStart; k <= i; k++) {
              sentiments[k] = 0.0;
            }
            withSentiment = 0;
          }
        } else {
          request = request || breaks[i] == Tokens.QUESTION_BREAK || REQUEST_OPENERS.contains(words[sentenceStart])
              || hasRequestWord(tokens, sentenceStart, i);
        }
        sentenceStart = i + 1;
      }
    }
  }

  /** Words that open a question asking for information: "Is the warehouse open on holidays?". */
  private static final Set<String> QUESTION_OPENERS = Set.of(
      "what", "which", "when", "where", "who", "how", "is", "are", "was", "were", "do", "does", "did", "can",
      "could", "will", "would", "should", "may", "might", "has", "have", "any");

  /**
   * A question asking support for information praises nothing it names ("What payment methods do
   * you accept?", "Is there a good way to export my data?"): its positive words count 0. It must name
   * a support topic: "Are you doing anything fun this weekend?" keeps its cheer. Complaints in a
   * question stay ("Can you explain why I was charged twice?"), and so does praise in a rhetorical
   * question ("Isn't this great?", "How cool is that?").
   */
  private static void applyQuestions(Tokens tokens, double[] sentiments) {
    String[] words = tokens.words();
    byte[] breaks = tokens.breaks();
    int size = tokens.size();
    int sentenceStart = 0;
    for (int i = 0; i < size; i++) {
      if (breaks[i] < Tokens.SENTENCE_BREAK) {
        continue;
      }
      if (breaks[i] == Tokens.QUESTION_BREAK) {
        boolean informationQuestion = isInformationQuestion(tokens, sentiments, sentenceStart, i);
        for (int k = sentenceStart; k <= i; k++) {
          // Doubt that asks for advice is no complaint: "I'm not sure which plan fits, can you advise?"
          boolean doubt = k > sentenceStart && words[k].equals("sure") && sentiments[k] < 0
              && ModifierWords.isNegation(words[k - 1]);
          if ((informationQuestion && sentiments[k] > 0) || doubt) {
            sentiments[k] = 0.0;
          }
        }
      }
      sentenceStart = i + 1;
    }
  }

  private static boolean isInformationQuestion(Tokens tokens, double[] sentiments, int start, int end) {
    String[] words = tokens.words();
    if (!QUESTION_OPENERS.contains(words[start])
        || (words[start].equals("how") && start + 1 <= end && sentiments[start + 1] > 0)) {
      return false;
    }
    boolean aboutSupport = false;
    for (int k = start; k <= end; k++) {
      if (ModifierWords.isNegation(words[k])) {
        return false;
      }
      aboutSupport |= SUPPORT_TOPICS.contains(words[k]);
    }
    return aboutSupport;
  }

  private static final Set<String> TIMES_OF_DAY = Set.of("morning", "afternoon", "evening");

  /**
   * "Good morning," opening a message that goes on is a formula and carries no praise ("Good
   * morning, where is my order?"); "Good morning world!" on its own keeps VADER's cheer.
   */
  private static void applyGreeting(Tokens tokens, double[] sentiments) {
    String[] words = tokens.words();
    if (tokens.size() > 2 && words[0].equals("good") && TIMES_OF_DAY.contains(words[1])
        && tokens.breaks()[1] == Tokens.CLAUSE_BREAK) {
      sentiments[0] = 0.0;
    }
  }

  /** Words of a sign-off such as "Best, Julia" or "Kind regards, Ben". */
  private static final Set<String> SIGN_OFF = Set.of(
      "best", "regards", "kind", "kindest", "warm", "warmest", "wishes", "sincerely", "warmly");
  /** Most words a sign-off and the name after it take. */
  private static final int MAX_SIGN_OFF = 5;

  /**
   * A sign-off ending the message ("Best, Julia", "Kind regards, Ben") is a formula, no praise:
   * "Unfortunately my order arrived incomplete. Best, Julia" is a complaint.
   */
  private static void applySignOff(Tokens tokens, double[] sentiments) {
    String[] words = tokens.words();
    int size = tokens.size();
    int start = sentenceStart(tokens, size - 1);
    if (start == 0 || size - start > MAX_SIGN_OFF || !SIGN_OFF.contains(words[start])) {
      return;
    }
    int end = start;
    while (end < size && SIGN_OFF.contains(words[end])) {
      end++;
    }
    // At most a name after it, and nothing else with sentiment.
    if (size - end > 2) {
      return;
    }
    for (int k = end; k < size; k++) {
      if (sentiments[k] != 0) {
        return;
      }
    }
    for (int k = start; k < end; k++) {
      sentiments[k] = 0.0;
    }
  }

  private static boolean isClosing(String[] words, int from, int to) {
    boolean thanks = false;
    for (int k = from; k < to; k++) {
      if (!CLOSING.contains(words[k]) && !isName(words, k, from)) {
        return false;
      }
      thanks |= THANKS.contains(words[k]) || words[k].equals("regards");
    }
    return thanks && to - from <= 6;
  }

  /** A single word after the closing words, such as the signature in "Best regards, John". */
  private static boolean isName(String[] words, int k, int from) {
    return k > from && k == from + 2 && words[k].length() > 1 && Character.isLetter(words[k].charAt(0));
  }

  /**
   * "but" and "however": what comes before the last of them counts half, what comes after it one and
   * a half times (VADER's factors for its first "but").
   */
  private static void applyContrast(Tokens tokens, double[] sentiments) {
    String[] words = tokens.words();
    int size = tokens.size();
    int marker = -1;
    for (int k = size - 1; k >= 0; k--) {
      if (CONTRAST.contains(words[k])) {
        marker = k;
        break;
      }
    }
    if (marker >= 0) {
      scale(sentiments, 0, marker, BEFORE_CONTRAST);
      scale(sentiments, marker + 1, size, AFTER_CONTRAST);
    }
  }

  private static void scale(double[] sentiments, int from, int to, double factor) {
    for (int k = from; k < to; k++) {
      sentiments[k] *= factor;
    }
  }

  /** A fixed word sequence that does not cross a sentence end. */
  private static final class Phrase {
    private final double valence;
    private final String[] words;

    Phrase(double valence, String[] words) {
      this.valence = valence;
      this.words = words;
    }

    boolean matches(Tokens tokens, int from) {
      if (from + words.length > tokens.size()) {
        return false;
      }
      String[] tokenWords = tokens.words();
      for (int k = 0; k < words.length; k++) {
        if (!words[k].equals(tokenWords[from + k])) {
          return false;
        }
        if (k < words.length - 1 && tokens.breaks()[from + k] >= Tokens.SENTENCE_BREAK) {
          return false;
        }
      }
      return true;
    }
  }
}
