package org.crmhub.hub.sentiment;

import java.util.HashMap;
import java.util.Map;

/**
 * Tells English text from text the English lexicon cannot score: mostly non-Latin script, or clearly
 * German, French, Spanish, Italian, Portuguese or Dutch by their function words.
 *
 * <p>It is deliberately cautious: a text counts as foreign only when its function words say so
 * clearly (at least two different ones, a quarter of its words, more than twice its English ones), so English
 * with slang, names or a borrowed word ("gracias", "merci") stays English.
 */
final class LanguageGuess {

  static final String ENGLISH = "en";
  /** Undetermined: mostly letters of a non-Latin script. */
  static final String OTHER_SCRIPT = "und";

  private static final String[] LANGUAGES = {"de", "fr", "es", "it", "pt", "nl"};
  private static final int ENGLISH_BIT = 1 << LANGUAGES.length;

  /**
   * Frequent function words and a few support words per language. Words that are also common in
   * English ("a", "in", "is", "no", "die", "me", "so", "also") are left out.
   */
  private static final String[][] FUNCTION_WORDS = {
      // de
      {"der", "das", "und", "ist", "nicht", "ich", "ein", "eine", "einen", "mit", "sie", "wir", "auf", "für",
          "von", "zu", "den", "dem", "des", "sich", "auch", "noch", "nur", "aber", "oder", "wie", "bitte",
          "danke", "meine", "mein", "meinen", "habe", "haben", "wurde", "werden", "kann", "schon", "sehr",
          "kein", "keine", "bei", "nach", "seit", "wenn", "dass", "weil", "immer", "heute", "gibt", "jetzt",
          "warum", "leider", "bestellung", "hallo", "ihr", "ihre", "ihnen", "mir", "mich", "uns", "war",
          "bin", "sind", "wird", "hat", "vielen", "dank", "guten", "tag", "wieder", "zum", "zur", "über",
          "ja", "nein", "schön", "gut", "schlecht", "geld", "zurück", "konto", "lieferung"},
      // fr
      {"le", "les", "des", "est", "et", "je", "vous", "nous", "pas", "une", "dans", "pour", "avec", "sur",
          "qui", "que", "ce", "cette", "mais", "ou", "mon", "ma", "mes", "votre", "vos", "merci", "bonjour",
          "très", "ai", "été", "suis", "n'est", "c'est", "j'ai", "ne", "du", "au", "aux", "sont", "plus",
          "encore", "toujours", "commande", "il", "elle", "ils", "leur", "avez", "avoir", "être", "fait",
          "rien", "jamais", "toujours", "depuis", "compte", "remboursement", "svp", "bien", "mal", "moi"},
      // es
      {"el", "los", "las", "y", "en", "que", "por", "para", "con", "una", "un", "del", "al", "lo", "mi",
          "su", "pero", "muy", "gracias", "hola", "está", "esta", "estoy", "tengo", "pedido", "hace",
          "todavía", "ya", "sí", "cuando", "porque", "como", "nada", "también", "es", "se", "le", "mis",
          "sus", "han", "son", "fue", "esto", "eso", "cuenta", "dinero", "nunca", "siempre",
          "aún", "reembolso", "hasta", "desde", "donde", "bien", "mal", "usted", "ustedes"},
      // it
      {"il", "di", "che", "è", "e", "la", "per", "un", "una", "non", "sono", "mi", "ho", "con", "del",
          "della", "al", "ma", "grazie", "ciao", "ancora", "molto", "questo", "questa", "perché", "ordine",
          "anche", "sempre", "gli", "le", "io", "hai", "nel", "nella", "dei", "delle", "si", "mio",
          "mia", "vostro", "vostra", "essere", "stato", "niente", "mai", "rimborso", "buongiorno", "salve",
          "bene", "male", "lo", "da", "alla", "come"},
      // pt
      {"o", "os", "de", "do", "da", "dos", "das", "em", "um", "uma", "não", "que", "com", "para", "por",
          "meu", "minha", "obrigado", "obrigada", "olá", "é", "está", "estou", "ainda", "muito", "pedido",
          "mas", "já", "você", "vocês", "eu", "seu", "sua", "foi", "são", "tem", "tenho", "isso", "isto",
          "nada", "nunca", "sempre", "conta", "dinheiro", "reembolso", "bom", "boa", "dia", "também", "se",
          "na", "no", "nos", "ao", "como"},
      // nl
      {"de", "het", "een", "en", "van", "ik", "je", "niet", "dat", "met", "op", "voor", "zijn", "maar",
          "ook", "nog", "mijn", "bedankt", "dank", "alstublieft", "graag", "hallo", "wij", "heb", "hebben",
          "geen", "wel", "bestelling", "nu", "al", "naar", "uw", "u", "jullie", "er", "wat", "waarom",
          "altijd", "nooit", "geld", "terug", "goed", "slecht", "dag", "hoe", "kan", "wordt", "werd", "was",
          "zal", "ben", "bent", "heeft", "veel", "deze", "die", "dit", "om", "te", "bij", "als"},
  };

  /**
   * Frequent English words; a text needs more than twice as many foreign function words to be foreign.
   * Words just as common in one of the other languages ("a", "in", "no", "me", "he", "is", "do", "so")
   * are evidence for neither.
   */
  private static final String[] ENGLISH_WORDS = {
      "the", "and", "are", "was", "were", "to", "of", "it", "that", "this", "for", "you", "my", "i",
      "with", "on", "have", "has", "be", "not", "but", "what", "just", "at", "your", "we", "they", "she",
      "don't", "i'm", "it's", "can", "will", "all", "get", "got", "like", "if", "or", "about", "from",
      "yes", "how", "why", "when", "there", "here", "im", "too", "out", "up", "now", "been", "would", "one",
      "more", "our", "their", "his", "her", "its", "by", "as", "please", "thanks", "thank", "order",
      "account", "still", "time", "day", "today", "love", "good", "great", "lol", "ur", "who", "which",
      "could", "should", "did", "didn't", "can't", "won't", "had", "them", "than", "then", "very",
      "really", "some", "any"};

  /** Word to a bit per language it is a function word of ({@link #ENGLISH_BIT} for English). */
  private static final Map<String, Integer> WORD_LANGUAGES = wordLanguages();

  /** Below this many words only a non-Latin script makes a text foreign. */
  private static final int MIN_WORDS = 3;
  private static final int MIN_FOREIGN_HITS = 2;
  private static final double MIN_FOREIGN_SHARE = 0.25;
  private static final int MAX_WORDS = 200;

  private LanguageGuess() {}

  private static Map<String, Integer> wordLanguages() {
    Map<String, Integer> map = new HashMap<>();
    for (int language = 0; language < LANGUAGES.length; language++) {
      for (String word : FUNCTION_WORDS[language]) {
        Integer bits = map.get(word);
        map.put(word, (bits == null ? 0 : bits) | (1 << language));
      }
    }
    for (String word : ENGLISH_WORDS) {
      // English words never count as foreign evidence.
      map.put(word, ENGLISH_BIT);
    }
    return Map.copyOf(map);
  }

  /** The function words of all languages, for the {@link Vocabulary}. */
  static void addWords(java.util.Collection<String> into) {
    into.addAll(WORD_LANGUAGES.keySet());
  }

  /** {@link #ENGLISH}, a language code of {@link #LANGUAGES}, or {@link #OTHER_SCRIPT}. */
  static String guess(String text, Tokens tokens) {
    if (mostlyNonLatin(text)) {
      return OTHER_SCRIPT;
    }
    // The first words are evidence enough, and looking at no more keeps long texts cheap.
    int size = Math.min(tokens.size(), MAX_WORDS);
    if (size < MIN_WORDS) {
      return ENGLISH;
    }
    String[] words = tokens.words();
    int english = 0;
    int wordCount = 0;
    int[] hits = null;
    for (int i = 0; i < size; i++) {
      String word = words[i];
      if (word.isEmpty() || !Character.isLetter(word.charAt(0))) {
        continue;
      }
      wordCount++;
      Integer languages = WORD_LANGUAGES.get(word);
      if (languages == null) {
        continue;
      }
      if (languages == ENGLISH_BIT) {
        english++;
        continue;
      }
      if (hits == null) {
        hits = new int[LANGUAGES.length];
      }
      if (seenBefore(words, i, word)) {
        continue; // "la la la" is one piece of evidence, not three
      }
      for (int language = 0; language < LANGUAGES.length; language++) {
        if ((languages & (1 << language)) != 0) {
          hits[language]++;
        }
      }
    }
    if (hits == null) {
      return ENGLISH;
    }
    int best = 0;
    for (int language = 1; language < LANGUAGES.length; language++) {
      if (hits[language] > hits[best]) {
        best = language;
      }
    }
    int foreign = hits[best];
    if (foreign >= MIN_FOREIGN_HITS && foreign > 2 * english && foreign >= MIN_FOREIGN_SHARE * wordCount) {
      return LANGUAGES[best];
    }
    return ENGLISH;
  }

  private static boolean seenBefore(String[] words, int i, String word) {
    for (int k = 0; k < i; k++) {
      if (words[k].equals(word)) {
        return true;
      }
    }
    return false;
  }

  /** More letters outside the Latin script than in it (and at least two of them). */
  private static boolean mostlyNonLatin(String text) {
    int firstNonAscii = 0;
    while (firstNonAscii < text.length() && text.charAt(firstNonAscii) < 0x80) {
      firstNonAscii++;
    }
    if (firstNonAscii == text.length()) {
      return false;
    }
    int latin = 0;
    int other = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x80) {
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') {
          latin++;
        }
      } else if (Character.isLetter(cp)) {
        if (cp <= 0x24f || Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN) {
          latin++;
        } else {
          other++;
        }
      }
    }
    return other >= 2 && other > latin;
  }
}
