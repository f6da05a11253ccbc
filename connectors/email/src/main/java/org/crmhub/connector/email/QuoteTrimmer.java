package org.crmhub.connector.email;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The part of a mail worth showing: the new text, cut before the quoted history ("On … wrote:",
 * "-----Original Message-----", an Outlook header block, trailing "&gt;" lines) and the signature
 * ("-- ", "Sent from my …"). The full text stays in the message's metadata.
 */
final class QuoteTrimmer {

  private static final List<Pattern> CUT_HERE = List.of(
      Pattern.compile("^-- ?$"),
      Pattern.compile("^_{5,}$"),
      Pattern.compile("^-{2,}\\s*(original message|ursprüngliche nachricht|message d'origine|forwarded message|"
          + "weitergeleitete nachricht)\\s*-{2,}.*$", Pattern.CASE_INSENSITIVE),
      Pattern.compile("^(on|am|le|el|il|op|den|på)\\s.{1,300}(wrote|schrieb|a écrit|escribió|ha scritto|schreef|skrev)\\s?:$",
          Pattern.CASE_INSENSITIVE),
      Pattern.compile("^am\\s.{1,300}\\sschrieb\\s.{0,200}:$", Pattern.CASE_INSENSITIVE),
      Pattern.compile("^(sent from my|von meinem|envoyé de mon|get outlook for)\\s.{0,60}$", Pattern.CASE_INSENSITIVE));
  private static final Pattern HEADER_BLOCK_START = Pattern.compile("^(from|von|de|van|från):\\s.+$", Pattern.CASE_INSENSITIVE);
  private static final Pattern HEADER_BLOCK_NEXT = Pattern.compile("^(sent|gesendet|date|datum|envoyé|to|an|subject|betreff):\\s.*$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern WROTE_NEXT_LINE = Pattern.compile("^.{0,200}(wrote|schrieb|a écrit)\\s?:$", Pattern.CASE_INSENSITIVE);

  private QuoteTrimmer() {}

  static String displayText(String full) {
    if (full == null || full.isBlank()) {
      return full;
    }
    List<String> lines = full.lines().toList();
    int end = lines.size();
    for (int i = 0; i < lines.size() && end == lines.size(); i++) {
      String line = lines.get(i).strip();
      if (cutsHere(line, i + 1 < lines.size() ? lines.get(i + 1).strip() : "")) {
        end = i;
      }
    }
    while (end > 0 && (lines.get(end - 1).strip().startsWith(">") || lines.get(end - 1).isBlank())) {
      end--;
    }
    String shown = String.join("\n", lines.subList(0, end)).strip();
    return shown.isEmpty() ? full.strip() : shown;
  }

  private static boolean cutsHere(String line, String next) {
    for (Pattern pattern : CUT_HERE) {
      if (pattern.matcher(line).matches()) {
        return true;
      }
    }
    if (line.length() < 300 && (line.startsWith("On ") || line.startsWith("Am ")) && WROTE_NEXT_LINE.matcher(next).matches()) {
      return true;
    }
    return HEADER_BLOCK_START.matcher(line).matches() && HEADER_BLOCK_NEXT.matcher(next).matches();
  }
}
