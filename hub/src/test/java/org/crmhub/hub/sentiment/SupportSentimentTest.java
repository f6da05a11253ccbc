package org.crmhub.hub.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The support rules on top of VADER, and the hand-written support set as a regression guard. */
class SupportSentimentTest {

  /**
   * Accuracy on {@code support_set.csv} measured when the rules were last changed was 0.950 (669 of
   * 704); the floor leaves a small margin so that a change that breaks a handful of messages fails.
   */
  private static final double SUPPORT_SET_ACCURACY_FLOOR = 0.915;

  private static SentimentAnalyzer analyzer;
  private static SentimentAnalyzer vader;

  @BeforeAll
  static void load() {
    analyzer = SentimentAnalyzer.fromClasspath();
    vader = SentimentAnalyzer.vaderFromClasspath();
  }

  private static SentimentLabel label(String text) {
    return analyzer.score(text).label();
  }

  private static double compound(String text) {
    return analyzer.score(text).compound();
  }

  @Test
  void supportSetAccuracyStaysAboveTheFloor() throws IOException {
    List<String[]> rows = readSupportSet("/sentiment/support_set.csv");
    assertEquals(704, rows.size(), "messages in the support set");
    assertAccuracyAtLeast(SUPPORT_SET_ACCURACY_FLOOR, rows);
  }

  /**
   * The hold-out sets, written after the rules they check (see SUPPORT_SET.md), with their floors:
   * {@code support_holdout.csv} scored 0.889 (80 of 90), {@code support_holdout_2.csv} 0.917 (55 of
   * 60) when it was added.
   */
  @ParameterizedTest
  @CsvSource({"support_holdout.csv, 90, 0.84", "support_holdout_2.csv, 60, 0.85"})
  void holdoutAccuracyStaysAboveTheFloor(String file, int messages, double floor) throws IOException {
    List<String[]> rows = readSupportSet("/sentiment/" + file);
    assertEquals(messages, rows.size());
    assertAccuracyAtLeast(floor, rows);
  }

  private static void assertAccuracyAtLeast(double floor, List<String[]> rows) {
    int correct = 0;
    List<String> misses = new ArrayList<>();
    for (String[] row : rows) {
      SentimentScore score = analyzer.score(row[1]);
      if (score.label().wireName().equals(row[0])) {
        correct++;
      } else {
        misses.add(row[0] + " got " + score.compound() + ": " + row[1]);
      }
    }
    double accuracy = (double) correct / rows.size();
    assertTrue(accuracy >= floor, "accuracy " + accuracy + " below " + floor + "; misses:\n" + String.join("\n", misses));
  }

  /** Reads the {@code label,text} CSV: every field double-quoted, quotes inside doubled, one row per line. */
  static List<String[]> readSupportSet(String resource) throws IOException {
    InputStream stream = SupportSentimentTest.class.getResourceAsStream(resource);
    assertNotNull(stream, resource + " on the test classpath");
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      assertEquals("label,text", reader.readLine());
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isEmpty()) {
          continue;
        }
        int comma = line.indexOf("\",\"");
        assertTrue(line.startsWith("\"") && line.endsWith("\"") && comma > 0, "malformed row: " + line);
        String label = line.substring(1, comma);
        String text = line.substring(comma + 3, line.length() - 1).replace("\"\"", "\"");
        rows.add(new String[] {label, text});
      }
    }
    return rows;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "No problem!", "No worries.", "No problem at all, see you Monday.", "Not a problem.",
      "No worries, I can wait."})
  void reassuranceIsNotNegative(String text) {
    assertSame(SentimentLabel.POSITIVE, label(text), text);
  }

  @Test
  void reassuranceInALongerSentenceIsNotNegative() {
    // The phrase keeps its valence whatever follows it.
    assertSame(SentimentLabel.POSITIVE, label("No problem with the delay, happy to wait."));
    assertSame(SentimentLabel.POSITIVE, label("That is no problem at all."));
    assertSame(SentimentLabel.POSITIVE, label("No worries about the invoice."));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Still waiting.", "Still waiting for my order.", "This is the third time I ask.",
      "Third time I ask for an update.", "I want to cancel my account.", "Please cancel my subscription.",
      "I want a refund.", "Refund please.", "I was on hold for an hour.", "On hold again.",
      "I have been waiting for two weeks.", "Worst.", "Unacceptable.", "This is unacceptable.",
      "Still no answer from your team.", "The app still does not work.",
      "Yet again the courier missed my delivery."})
  void supportComplaintsAreNegative(String text) {
    assertSame(SentimentLabel.NEGATIVE, label(text), text + " scored " + compound(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Please send me the invoice.", "Kindly send me the invoice.", "Please, kindly update my address.",
      "Could you please help me reset my password?", "Can you help me with my order?",
      "What is my balance? Thank you.", "Please update my phone number. Thanks.",
      "Please confirm the appointment. Kind regards, John", "Thanks in advance for checking the invoice."})
  void courtesyIsNotPraise(String text) {
    assertSame(SentimentLabel.NEUTRAL, label(text), text + " scored " + compound(text));
  }

  @Test
  void courtesyOutsideASupportRequestKeepsVadersValence() {
    // "please" and "kindly" are courtesy only in a sentence that asks support for something.
    for (String text : List.of(
        "Please spread the word.", "Come on people. Just give. Please.", "Everyone spoke kindly of you.")) {
      assertEquals(vader.score(text).compound(), compound(text), 1e-9, text);
      assertSame(SentimentLabel.POSITIVE, label(text), text);
    }
    assertSame(SentimentLabel.NEUTRAL, label("Kindly update my account."));
    assertSame(SentimentLabel.NEUTRAL, label("Please call me back."));
    assertSame(SentimentLabel.NEUTRAL, label("Please let us know the lead time."));
    // Only the sentence with the request counts.
    assertSame(SentimentLabel.POSITIVE, label("My order arrived. Please spread the word!"));
  }

  @Test
  void inflectedFormsWithAnotherSenseDoNotTakeTheBaseValence() {
    assertSame(SentimentLabel.NEUTRAL, label("We watched shooting stars."), "not \"shoot\"");
    assertSame(SentimentLabel.NEUTRAL, label("Photo shoots all day."));
    // VADER's raters disagreed on the sign of "overwhelm", so "overwhelming" does not inherit it.
    assertSame(SentimentLabel.NEUTRAL, label("The response was overwhelming."));
    // Bases the raters agreed on still lend their valence to -ing and -s forms.
    assertSame(SentimentLabel.NEGATIVE, label("They keep wrecking my order."));
    assertSame(SentimentLabel.NEGATIVE, label("It lacks basic features."));
  }

  @Test
  void cannotWaitIsEagernessUnlessPatienceRunsOut() {
    assertSame(SentimentLabel.NEUTRAL, vader.score("Can't wait for the new release!").label());
    assertSame(SentimentLabel.POSITIVE, label("Can't wait for the new release!"));
    assertSame(SentimentLabel.NEGATIVE, label("I can't wait any longer for my refund."));
    assertSame(SentimentLabel.NEGATIVE, label("We cannot wait forever."));
  }

  @Test
  void theWordHeartIsNoPraiseButHeartEmojiAreLove() {
    assertSame(SentimentLabel.POSITIVE, vader.score("Listen up heart.").label());
    assertSame(SentimentLabel.NEUTRAL, label("Listen up heart."));
    assertSame(SentimentLabel.POSITIVE, label("Thanks \u2764"));
    assertSame(SentimentLabel.POSITIVE, label("Love it \uD83D\uDC99"));
    assertSame(SentimentLabel.NEGATIVE, label("My order arrived broken \uD83D\uDC94"));
  }

  @Test
  void superlativesAndDroppedGsTakeTheBaseValence() {
    assertSame(SentimentLabel.POSITIVE, label("The coolest update yet."));
    assertSame(SentimentLabel.POSITIVE, label("Lovin the new app."));
    assertSame(SentimentLabel.NEGATIVE, label("The saddest release notes I ever read."));
    assertSame(SentimentLabel.NEUTRAL, label("The latest update is out."), "not \"late\"");
  }

  @Test
  void negationsDoNotReachEmoticons() {
    assertSame(SentimentLabel.POSITIVE, vader.score("Trying not to cry :(").label());
    assertSame(SentimentLabel.NEGATIVE, label("Trying not to cry :("));
    assertSame(SentimentLabel.NEGATIVE, label("Not again :-("));
  }

  @Test
  void supportAsTheTeamAskedIsNoPraise() {
    assertSame(SentimentLabel.NEUTRAL, vader.score("Having trouble with support from your vendor.").label());
    assertSame(SentimentLabel.NEGATIVE, label("Having trouble with support from your vendor."));
    assertSame(SentimentLabel.NEGATIVE, label("My phone dies after an hour."));
  }

  @Test
  void markupEscapesAreReadAsTheirCharacters() {
    // X sends tweet text with &amp;, &lt; and &gt; escaped
    assertSame(SentimentLabel.POSITIVE, label("The new app &lt;3"));
    assertTrue(compound("Still no refund &gt;:[") < compound("Still no refund"), "the emoticon >:[ counts");
    assertEquals(compound("Tom & Jerry are here."), compound("Tom &amp; Jerry are here."), 1e-9);
    assertEquals(compound("\"No.\""), compound("&quot;No.&quot;"), 1e-9);
  }

  @Test
  void typographicApostrophesNegateLikeStraightOnes() {
    assertSame(SentimentLabel.POSITIVE, vader.score("I don\u2019t like it").label());
    assertEquals(compound("I don't like it"), compound("I don\u2019t like it"), 1e-9);
    assertSame(SentimentLabel.NEGATIVE, label("I don\u2019t like it"));
    assertSame(SentimentLabel.NEGATIVE, label("It doesn\u2019t work."));
  }

  @Test
  void disbeliefStressesWhatFollowsInsteadOfNegatingIt() {
    assertSame(SentimentLabel.POSITIVE, vader.score("I can't believe how bad this is").label());
    assertSame(SentimentLabel.NEGATIVE, label("I can't believe how bad this is"));
    assertSame(SentimentLabel.POSITIVE, label("I can't believe how great this is"));
    assertSame(SentimentLabel.NEGATIVE, label("I can't believe it's still not fixed"));
  }

  @Test
  void complaintWordsVaderDoesNotKnow() {
    for (String text : List.of("Your app is garbage", "why is this so complicated", "This is a joke",
        "Hello?? Anyone there??", "Thx for nothing", "The update is total trash", "Buyer beware.",
        "The support was lackluster.", "There is a foul smell from the unit.")) {
      assertSame(SentimentLabel.NEGATIVE, label(text), text + " scored " + compound(text));
    }
    assertSame(SentimentLabel.POSITIVE, vader.score("This is a joke").label());
    assertSame(SentimentLabel.NEUTRAL, label("I found it in the trash folder"), "the mail folder");
    // The chore, not "clean".
    assertSame(SentimentLabel.NEUTRAL, label("The cleaning crew comes on Tuesday."));
  }

  @Test
  void aGreetingOpeningARequestIsAFormula() {
    assertSame(SentimentLabel.POSITIVE, vader.score("Good morning, I would like to know the status of order 4471.").label());
    assertSame(SentimentLabel.NEUTRAL, label("Good morning, I would like to know the status of order 4471."));
    assertSame(SentimentLabel.POSITIVE, label("Good morning world!!!"));
  }

  @Test
  void supportAsTheTeamOrAFeatureIsNoPraise() {
    assertSame(SentimentLabel.POSITIVE, vader.score("Does it support dark mode?").label());
    assertSame(SentimentLabel.NEUTRAL, label("Does it support dark mode?"));
    assertSame(SentimentLabel.NEGATIVE, label("Honestly the worst support I've ever dealt with."));
    assertSame(SentimentLabel.POSITIVE, label("Your support was great"));
    assertSame(SentimentLabel.NEUTRAL, label("Can I pay by bank transfer?"), "paying is no complaint");
  }

  @Test
  void unansweredAndUndeliveredAreComplaints() {
    for (String text : List.of("no response since last week, is this how you treat customers?",
        "I have been a loyal customer for 10 years and this is how you treat me?",
        "The tracking page says delivered but I never got it.")) {
      assertSame(SentimentLabel.NEGATIVE, label(text), text + " scored " + compound(text));
    }
    assertSame(SentimentLabel.POSITIVE, label("That's fine, no rush."));
    assertSame(SentimentLabel.NEUTRAL, label("please please please fix this"), "a plea, not praise");
  }

  @Test
  void shortWordsInQuotesAreWords() {
    assertSame(SentimentLabel.NEUTRAL, vader.score("She said \"No.\"").label());
    assertSame(SentimentLabel.NEGATIVE, label("She said \"No.\""));
  }

  @Test
  void giveEmHellIsEncouragement() {
    assertSame(SentimentLabel.NEGATIVE, vader.score("Give 'em hell!").label());
    assertSame(SentimentLabel.POSITIVE, label("Give 'em hell!"));
    assertSame(SentimentLabel.POSITIVE, label("give em hell, team"));
  }

  @Test
  void slowlyBeforePraiseIsNoComplaint() {
    assertSame(SentimentLabel.POSITIVE, label("The day is slowly warming up."));
    assertSame(SentimentLabel.POSITIVE, label("The app is slowly getting better."));
    // Elsewhere "slow" and "slowly" stay complaints.
    assertSame(SentimentLabel.NEGATIVE, label("The refund is moving slowly."));
    assertSame(SentimentLabel.NEGATIVE, label("Shipping was slow."));
  }

  @Test
  void wouldLikeIsARequestOnlyFromTheWriter() {
    assertSame(SentimentLabel.NEUTRAL, label("I would like a copy of the contract."));
    assertSame(SentimentLabel.NEUTRAL, label("We would like a demo."));
    assertSame(SentimentLabel.NEUTRAL, label("Our team would like to upgrade."));
    // Someone else liking something is liking.
    assertSame(SentimentLabel.POSITIVE, label("The kids would like this game."));
  }

  @Test
  void noMoreOfSomethingBadIsRelief() {
    assertSame(SentimentLabel.POSITIVE, label("No more delays since the update."));
    assertSame(SentimentLabel.POSITIVE, label("There are no more crashes."));
    assertSame(SentimentLabel.POSITIVE, label("New router, no more annoying dropouts!"));
    // Running out of something good is no relief, and a comparison is no "no more".
    assertSame(SentimentLabel.NEGATIVE, label("I have no more patience."));
    assertSame(SentimentLabel.NEGATIVE, label("The sequel is no more awful than the first one."));
  }

  @Test
  void aNegatedComplaintIsFaintPraiseAtMost() {
    double notBad = compound("The new version is not bad.");
    double bad = compound("The new version is bad.");
    assertTrue(notBad > 0, "not bad " + notBad);
    // VADER makes "not bad" nearly as positive as "bad" is negative (0.431 against -0.542).
    assertTrue(notBad < -bad / 2, "not bad " + notBad + ", bad " + bad);
    // Negated praise stays as negative as VADER makes it.
    String notGood = "The new version is not good.";
    assertEquals(vader.score(notGood).compound(), compound(notGood), 1e-9);
  }

  @Test
  void aNegationReachesOverFillerWordsOnly() {
    // VADER's window is three words; "be such a" or "been a" do not take a negation out of reach.
    assertSame(SentimentLabel.POSITIVE, label("Switching plans wouldn't be such a bad idea."));
    assertSame(SentimentLabel.NEGATIVE, label("I have never been a big fan of the new layout."));
    // Content words do: "can't remember what the original was" does not negate "original".
    assertEquals(vader.score("I can't remember what the original price was.").label(),
        label("I can't remember what the original price was."));
  }

  @Test
  void aRepeatedNegatedWordIsNotNegatedTwice() {
    // VADER negates the second "care" by both "don't" before it and turns it into praise.
    assertSame(SentimentLabel.POSITIVE, vader.score("don't care don't care don't care").label());
    assertSame(SentimentLabel.NEGATIVE, label("don't care don't care don't care"));
    // "neither ... nor" keeps VADER's reading.
    String neitherNor = "The film is neither original nor terribly funny.";
    assertEquals(vader.score(neitherNor).label(), label(neitherNor));
  }

  @Test
  void tooMuchOfSomethingIsAComplaintUnlessNegated() {
    assertSame(SentimentLabel.NEGATIVE, label("The fee is too expensive."));
    assertSame(SentimentLabel.NEGATIVE, label("The price is too high."));
    assertSame(SentimentLabel.POSITIVE, label("It is not too expensive."));
    assertSame(SentimentLabel.POSITIVE, label("It's not a waste of time."));
    assertSame(SentimentLabel.NEGATIVE, label("It's a waste of time."));
  }

  @Test
  void thanksForThatAfterAComplaintIsSarcasm() {
    assertSame(SentimentLabel.NEGATIVE, label("My order arrived broken. Thanks for that."));
    assertSame(SentimentLabel.NEGATIVE, label("Still waiting for a reply. Thank you for that!"));
    assertSame(SentimentLabel.POSITIVE, label("The replacement arrived today. Thanks for that."));
    assertSame(SentimentLabel.POSITIVE, label("Thanks for that."));
  }

  @Test
  void aQuestionToSupportPraisesNothingItNames() {
    assertSame(SentimentLabel.NEUTRAL, label("What payment methods do you accept?"));
    assertSame(SentimentLabel.NEUTRAL, label("Is there a good way to export my data?"));
    // Complaints asked as questions stay complaints; rhetorical praise and small talk stay praise.
    assertSame(SentimentLabel.NEGATIVE, label("Can you explain why my order arrived broken?"));
    assertSame(SentimentLabel.POSITIVE, label("Isn't the new app great?"));
    assertSame(SentimentLabel.POSITIVE, label("How cool is the new app?"));
    assertSame(SentimentLabel.POSITIVE, label("Are you doing anything fun this weekend?"));
  }

  @Test
  void wowBeforeAComplaintIsExasperation() {
    assertSame(SentimentLabel.NEGATIVE, label("Wow, three weeks and no reply."));
    assertSame(SentimentLabel.NEGATIVE, label("Wow. The app crashed again."));
    assertSame(SentimentLabel.POSITIVE, label("Wow, the new dashboard is great!"));
    // "still" alone turns other praise into sarcasm ("Great, still nothing") but not surprise.
    assertSame(SentimentLabel.POSITIVE, label("Wow! My parents still have the old model."));
  }

  @Test
  void notEvenIsExasperation() {
    assertSame(SentimentLabel.NEGATIVE, label("The app will not even start."));
    assertSame(SentimentLabel.NEGATIVE, label("It doesn't even load."));
    // "even" before a word with sentiment leaves the negation to that word.
    assertSame(SentimentLabel.POSITIVE, label("It's not even bad."));
    // The writer's own surprise is no exasperation: only the mild lean of any negated statement.
    assertTrue(compound("I didn't even know that.") > -0.1, "scored " + compound("I didn't even know that."));
    assertTrue(compound("We didn't even notice the switch.") > -0.1);
    assertTrue(compound("You didn't even read my message.") < -0.2);
  }

  @Test
  void negatedStatementWithoutSentimentWordIsMildComplaint() {
    for (String text : List.of("The discount doesn't show up at checkout.", "Nothing happens when I click the button.",
        "It does not print anything!")) {
      assertSame(SentimentLabel.NEGATIVE, label(text), text + " scored " + compound(text));
      assertTrue(compound(text) > -0.2, "mild: " + text + " scored " + compound(text));
      assertSame(SentimentLabel.NEUTRAL, vader.score(text).label(), "VADER sees no sentiment in " + text);
    }
    assertTrue(analyzer.score("Nothing happens.").negative() > 0, "the proportions agree with the compound");
    // Questions, polite requests and instructions about a support topic are not complaints.
    for (String text : List.of("Why doesn't the export include archived tickets?", "Please don't call me before 10am.",
        "Do not ship to the old address.", "We do not need the printed invoice.")) {
      assertSame(SentimentLabel.NEUTRAL, label(text), text + " scored " + compound(text));
    }
    // With a sentiment word, the negation works on that word as before.
    assertSame(SentimentLabel.POSITIVE, label("The new editor is not bad at all."));
  }

  @Test
  void exclamationWithoutSentimentWordIsMildGladness() {
    for (String text : List.of("We go live next week!", "Just got my new headphones!", "See you at the workshop!")) {
      assertSame(SentimentLabel.POSITIVE, label(text), text + " scored " + compound(text));
      assertTrue(compound(text) < 0.2, "mild: " + text + " scored " + compound(text));
      assertSame(SentimentLabel.NEUTRAL, vader.score(text).label(), "VADER sees no sentiment in " + text);
    }
    assertTrue(analyzer.score("We go live next week!").positive() > 0, "the proportions agree with the compound");
    assertTrue(compound("We go live next week!!") > compound("We go live next week!"), "more is gladder");
    // Asking support for something, or pressing for it, is urgency.
    for (String text : List.of("Call me ASAP!", "Please send the invoice today!", "I need the invoice by Friday!",
        "Need an answer today!", "Urgent!", "We go live next week")) {
      assertSame(SentimentLabel.NEUTRAL, label(text), text + " scored " + compound(text));
    }
  }

  @Test
  void disappointmentAndBrokenPromisesAreComplaints() {
    assertSame(SentimentLabel.NEGATIVE, label("I expected better."));
    assertSame(SentimentLabel.NEGATIVE, label("I expected much better from you."));
    assertSame(SentimentLabel.NEGATIVE, label("The printer jammed again."));
    assertSame(SentimentLabel.NEGATIVE, label("The app drains my battery."));
  }

  @Test
  void emoticonsWithRepeatsOrPunctuationAfterThemCount() {
    assertSame(SentimentLabel.NEUTRAL, vader.score("Order 4471 :DDD").label());
    assertSame(SentimentLabel.POSITIVE, label("Order 4471 :DDD"));
    assertSame(SentimentLabel.NEGATIVE, label("Order 4471 :(((."));
    assertSame(SentimentLabel.NEGATIVE, label("Order 4471 =("));
    assertSame(SentimentLabel.POSITIVE, label("Order 4471 arrived ;))"));
    assertSame(SentimentLabel.POSITIVE, label("Order 4471 arrived ^_^"));
    assertSame(SentimentLabel.NEGATIVE, label("Order 4471 again -_-"));
    assertSame(SentimentLabel.NEUTRAL, label("Order 4471..."));
  }

  @Test
  void goingNowhereAndFedUpAreComplaintsAndARefundThatCameIsNot() {
    assertSame(SentimentLabel.NEGATIVE, label("Your chatbot keeps sending me in circles."));
    assertSame(SentimentLabel.NEGATIVE, label("The tracking number you gave me doesn't exist."));
    assertSame(SentimentLabel.NEGATIVE, label("I'm done with this company."));
    assertSame(SentimentLabel.POSITIVE, label("The refund arrived, thank you for sorting it out so quickly."));
    assertSame(SentimentLabel.NEGATIVE, label("I want a refund."));
  }

  @Test
  void noComplaintsAndComingThroughArePraise() {
    assertSame(SentimentLabel.POSITIVE, label("No complaints, everything arrived on time."));
    assertSame(SentimentLabel.POSITIVE, label("I was skeptical at first, but the support team really came through."));
    assertSame(SentimentLabel.NEGATIVE, label("Nobody told me the price would change."));
    assertSame(SentimentLabel.POSITIVE, label("Nice to see the new release is out."));
  }

  @Test
  void requestsApologiesAndDoubtAreNoComplaints() {
    assertSame(SentimentLabel.NEUTRAL, label("Sorry for the trouble, could you resend the activation link?"));
    assertSame(SentimentLabel.NEUTRAL, label("I'm not sure which plan is right for us, can you advise?"));
    assertSame(SentimentLabel.NEUTRAL, label("Please cancel the meeting on Thursday, we will reschedule."));
    assertSame(SentimentLabel.NEUTRAL, label("I need this resolved by Friday."));
    // Doubt outside a question, leaving and cancelled plans stay negative.
    assertSame(SentimentLabel.NEGATIVE, label("I'm not sure it will survive a fall."));
    assertSame(SentimentLabel.NEGATIVE, label("I want to cancel my account."));
    assertSame(SentimentLabel.NEGATIVE, label("My flight was cancelled."));
  }

  @Test
  void waitingAndIdiomsOfPraise() {
    assertSame(SentimentLabel.NEGATIVE, label("I have been waiting for weeks."));
    assertSame(SentimentLabel.NEGATIVE, label("Why does it take so long to get a simple answer?"));
    assertSame(SentimentLabel.POSITIVE, label("I couldn't be happier with the new router."));
    assertSame(SentimentLabel.POSITIVE, label("The technician was on time and very professional."));
    // A negated phrase of praise turns as a negated word does.
    assertSame(SentimentLabel.NEGATIVE, label("The support team never came through."));
  }

  @Test
  void greetingsAndSignOffsAroundAComplaintAreFormulas() {
    assertSame(SentimentLabel.NEGATIVE,
        label("Hello, I hope you are well. Unfortunately my order arrived incomplete. Best, Julia"));
    assertSame(SentimentLabel.POSITIVE, label("Hope all is well with you!"));
    assertSame(SentimentLabel.POSITIVE, label("Best of luck to the team!"));
    assertSame(SentimentLabel.NEUTRAL, label("Please send the invoice. Kind regards, Ben"));
    assertSame(SentimentLabel.NEGATIVE, label("The app is a piece of junk."));
    assertSame(SentimentLabel.POSITIVE, label("Problem solved, you're a star."));
  }

  @Test
  void problemsThatStayAndDataRequests() {
    assertSame(SentimentLabel.NEGATIVE, label("I asked you to delete my data a month ago and it's still there."));
    assertSame(SentimentLabel.NEGATIVE, label("The login code never arrives."));
    assertSame(SentimentLabel.NEGATIVE, label("Every update breaks something new."));
    assertSame(SentimentLabel.NEGATIVE, label("I want to speak to someone who can actually help."));
    assertSame(SentimentLabel.NEUTRAL, label("Please delete my account data under GDPR."));
    assertSame(SentimentLabel.NEGATIVE, label("Please delete my account."));
    assertSame(SentimentLabel.NEUTRAL, label("Please add my colleague as an admin."));
    assertSame(SentimentLabel.POSITIVE, label("Smooth experience from start to finish."));
  }

  @Test
  void stretchedWordsAreTheirWord() {
    assertSame(SentimentLabel.NEUTRAL, vader.score("sooo gooood").label());
    assertSame(SentimentLabel.POSITIVE, label("sooo gooood"));
    assertSame(SentimentLabel.POSITIVE, label("I loooove the new app"));
    assertSame(SentimentLabel.NEGATIVE, label("Nooooo, the app crashed"));
    assertSame(SentimentLabel.NEGATIVE, label("The checkout is sooo slowwww"));
    assertSame(SentimentLabel.NEUTRAL, label("See www.example.com, zzzz"));
  }

  @Test
  void stutteredWordsAreTheirWord() {
    assertSame(SentimentLabel.POSITIVE, label("I'm h-happy with it."));
    assertSame(SentimentLabel.NEGATIVE, label("It's t-t-terrible."));
    assertSame(SentimentLabel.NEUTRAL, label("A well-known app."));
    assertSame(SentimentLabel.NEUTRAL, label("Order number x-45-b."));
  }

  @Test
  void laughterIsNotNegated() {
    assertSame(SentimentLabel.POSITIVE, label("No way lol"));
    assertSame(SentimentLabel.POSITIVE, label("Not me haha"));
    assertSame(SentimentLabel.POSITIVE, label("NOT THE LATTER LOL"));
  }

  @Test
  void dismayedEmoticonIsNegative() {
    // VADER's lexicon has "d:" twice, the later entry (a smiley, 1.2) overriding the dismayed "D:".
    assertSame(SentimentLabel.NEGATIVE, label("The update deleted my files D:"));
    assertSame(SentimentLabel.NEGATIVE, label("D: D: D:"));
  }

  @Test
  void thanksForRealHelpStaysPositive() {
    assertSame(SentimentLabel.POSITIVE, label("Thanks for the quick help, it works now."));
    assertSame(SentimentLabel.POSITIVE, label("Thank you!"));
    assertSame(SentimentLabel.POSITIVE, label("Got it, thanks!"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Thanks for nothing.", "Thank you for absolutely nothing.", "Great, another delay.",
      "Oh great, the app crashed again.", "Perfect, another email telling me to wait.",
      "Thanks for wasting my afternoon.", "Thanks a lot for losing my package.",
      "Fantastic, the website is down again.", "Love how nobody ever answers the phone.",
      "Great service, if you like waiting forever.", "Nice to see my ticket closed without an answer.",
      "Cool, so I pay for premium and get ads anyway."})
  void sarcasmIsNegative(String text) {
    assertSame(SentimentLabel.NEGATIVE, label(text), text + " scored " + compound(text));
  }

  @Test
  void thanksForSomethingNeutralIsNoSarcasmAboutWhatFollows() {
    // What the thanks are for is "answering", not the "awkward" question it answered.
    assertSame(SentimentLabel.POSITIVE, label("Thanks for answering my awkward question, very helpful."));
    assertSame(SentimentLabel.POSITIVE, label("Thanks for explaining the confusing bill."));
    // Otherwise a negative word right after "for" is what the thanks are for.
    assertSame(SentimentLabel.NEGATIVE, label("Thanks for the useless answer."));
    assertSame(SentimentLabel.NEGATIVE, label("Thanks for my broken phone."));
  }

  @Test
  void praiseOfTheComplaintIsPartOfTheSarcasm() {
    assertSame(SentimentLabel.NEGATIVE, label("Love a good server outage on a Friday."));
    assertSame(SentimentLabel.NEGATIVE, label("Great, another nice outage."));
    // Praise of something else is praise.
    assertSame(SentimentLabel.POSITIVE, label("Great, a good fix for the crash."));
  }

  @Test
  void thanksForSomethingCustomersWantIsThanks() {
    assertSame(SentimentLabel.POSITIVE, label("Thanks for the refund, I will order again."));
    assertSame(SentimentLabel.POSITIVE, label("Thank you for the quick refund!"));
  }

  @Test
  void anOfferIsNoSarcasm() {
    assertSame(SentimentLabel.POSITIVE, label("If you like it, tell your friends."));
  }

  @Test
  void praiseWithoutComplaintIsNotSarcasm() {
    assertSame(SentimentLabel.POSITIVE, label("Great, thanks for the update."));
    assertSame(SentimentLabel.POSITIVE, label("Perfect, that solved it."));
    assertSame(SentimentLabel.POSITIVE, label("Great job on the new release."));
  }

  @Test
  void butAndHoweverWeighTheLaterClause() {
    assertSame(SentimentLabel.NEGATIVE, label("The product is great but the delivery was awful."));
    assertSame(SentimentLabel.POSITIVE, label("The delivery was awful but the product is great."));
    assertSame(SentimentLabel.NEGATIVE, label("The product is great, however the delivery was awful."));
    assertSame(SentimentLabel.POSITIVE, label("The delivery was awful. However, the product is great."));
    // Without the marker the two clauses weigh the same and the stronger word wins.
    assertTrue(compound("The product is great. The delivery was awful.")
        > compound("The product is great, however the delivery was awful."));
  }

  @Test
  void longMessagesDoNotSaturate() {
    String sentence = "The agent was helpful and friendly. ";
    String longText = sentence.repeat(12);
    double plain = vader.score(longText).compound();
    double ours = compound(longText);
    assertTrue(plain > 0.99, "VADER saturates: " + plain);
    assertTrue(ours > 0.5 && ours < 0.96, "long praise scored " + ours);
    // As positive as three such sentences, not more and more positive with every one.
    assertEquals(compound(sentence.repeat(3)), ours, 1e-9);
    assertEquals(compound(sentence.repeat(40)), ours, 1e-9);
    String complaint = "I am still waiting and this is unacceptable. ".repeat(15);
    assertTrue(compound(complaint) > -0.96 && compound(complaint) < -0.5, "long complaint " + compound(complaint));
  }

  @Test
  void quotedHistoryIsNotTheCustomersWords() {
    String quotedLines = "Thanks, that fixed it!\n> This is terrible, the worst service ever.\n> I hate it.";
    assertEquals(compound("Thanks, that fixed it!"), compound(quotedLines), 1e-9);

    String attribution = "Thanks, that fixed it!\n\nOn Mon, 3 Jun 2024 at 10:12, Anna Smith <anna@example.com> wrote:\n"
        + "This is terrible, the worst service ever. I hate it.";
    assertEquals(compound("Thanks, that fixed it!"), compound(attribution), 1e-9);

    String flattened = "Still broken. On Tue, 4 Jun 2024, Support wrote: Great news, we fixed it, enjoy!";
    assertEquals(compound("Still broken."), compound(flattened), 1e-9);

    String original = "Still broken.\n-----Original Message-----\nFrom: Support\nGreat news, we fixed it, enjoy!";
    assertEquals(compound("Still broken."), compound(original), 1e-9);

    // "wrote:" without an attribution before it, and ">" inside a line, are the customer's words.
    assertSame(SentimentLabel.NEGATIVE, label("My colleague wrote: this is the worst update ever."));
    assertSame(SentimentLabel.POSITIVE, label("Speed went from 10 > 100 Mbit, great job!"));
  }

  @Test
  void emojiAndEmoticonsCount() {
    assertSame(SentimentLabel.POSITIVE, label("Fixed now 👍"));
    assertSame(SentimentLabel.NEGATIVE, label("Crashed again 👎"));
    assertSame(SentimentLabel.NEGATIVE, label("😡😡😡"));
    assertSame(SentimentLabel.NEGATIVE, label("My order 🙄"));
    assertSame(SentimentLabel.POSITIVE, label("Delivered 🎉"));
    assertSame(SentimentLabel.POSITIVE, label("Got it :)"));
    assertSame(SentimentLabel.NEGATIVE, label("Still broken :("));
    assertTrue(compound("Thanks 😍") > compound("Thanks"));
    // Emoticons glued to a word count too.
    assertTrue(compound("Thanks:)") > compound("Thanks"));
    assertSame(SentimentLabel.NEGATIVE, label("Crashed again:("));
    assertSame(SentimentLabel.POSITIVE, label("Works now!:D"));
    assertEquals(0.0, compound("See http://example.com/a/b at 10:30"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Ich warte seit drei Wochen auf meine Bestellung und niemand antwortet.",
      "Bonjour, je n'ai toujours pas reçu ma commande, c'est inacceptable.",
      "Hola, todavía no he recibido mi pedido y nadie me responde.",
      "Buongiorno, non ho ancora ricevuto il mio ordine, è terribile.",
      "Olá, ainda não recebi o meu pedido e ninguém responde.",
      "Hallo, ik heb mijn bestelling nog steeds niet ontvangen en niemand reageert.",
      "Здравствуйте, я до сих пор не получил свой заказ.",
      "注文した商品がまだ届いていません。",
      "لم أستلم طلبي حتى الآن"})
  void otherLanguagesAreNotScored(String text) {
    SentimentScore score = analyzer.score(text);
    assertFalse(score.scored(), text);
    assertSame(SentimentLabel.NEUTRAL, score.label());
    assertEquals(0.0, score.compound());
    assertFalse(LanguageGuess.ENGLISH.equals(score.language()), score.language());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "lol ur so funny, gracias amigo!", "merci for the help, it works now", "omg this is sooo good haha",
      "Ha! No way", "Déjà vu, the same error again.", "The café near your office was closed.",
      "la la la, still waiting", "de nada, happy to help"})
  void englishWithForeignWordsIsScored(String text) {
    SentimentScore score = analyzer.score(text);
    assertTrue(score.scored(), text + " marked " + score.language());
    assertEquals(LanguageGuess.ENGLISH, score.language());
  }

  @Test
  void languageIsTold() {
    assertEquals("de", analyzer.score("Das ist nicht gut, ich will mein Geld zurück.").language());
    assertEquals("fr", analyzer.score("Je ne suis pas content, rien ne marche avec votre service.").language());
    assertEquals("es", analyzer.score("No estoy contento, quiero mi dinero de vuelta por favor.").language());
    assertEquals("und", analyzer.score("Спасибо, всё работает!").language());
    assertTrue(analyzer.score("All good, thanks!").scored());
  }

  @Test
  void commandPrintsNeutralZeroForUnscoredText() throws IOException {
    String input = "Still waiting for my refund.\nDas ist nicht gut, ich will mein Geld zurück.\nNo problem!\n";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8)) {
      SentimentCommand.run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n", -1);
    assertEquals(4, lines.length);
    assertTrue(lines[0].endsWith("\tnegative"), lines[0]);
    assertEquals("0.0000\tneutral", lines[1]);
    assertTrue(lines[2].endsWith("\tpositive"), lines[2]);
    assertEquals("", lines[3]);
  }

  @Test
  void messagesTheIngestTestsUseAreNegative() {
    assertSame(SentimentLabel.NEGATIVE, label("This is terrible, I want a refund. Worst service ever!"));
    assertSame(SentimentLabel.NEGATIVE, label("Terrible. Still waiting, worst support ever!"));
  }

  @Test
  void givesTheSameResultsFromManyThreads() throws Exception {
    List<String> texts = new ArrayList<>();
    for (String[] row : readSupportSet("/sentiment/support_set.csv")) {
      texts.add(row[1]);
    }
    texts.add("Das ist nicht gut, ich will mein Geld zurück.");
    texts.add("Thanks!\n> This is terrible.");
    List<SentimentScore> expected = texts.stream().map(analyzer::score).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<SentimentScore>>> futures = new ArrayList<>();
      for (int worker = 0; worker < 4; worker++) {
        futures.add(pool.submit(() -> {
          List<SentimentScore> last = null;
          for (int round = 0; round < 20; round++) {
            last = texts.stream().map(analyzer::score).toList();
          }
          return last;
        }));
      }
      for (Future<List<SentimentScore>> future : futures) {
        assertEquals(expected, future.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void longTextsTakeLinearTime() {
    // Many closings after a request, and many foreign-looking words: no rule may look at the whole
    // text again for each of them. Linear work takes milliseconds; a rule that rescans the text per
    // token would take many minutes, which the hang guard above stops.
    String text = "Could you send the invoice? " + "Thanks. ".repeat(20_000) + "el la que de los ".repeat(10_000);
    assertTrue(analyzer.score(text).scored());
  }

  @Test
  void compoundStaysInRange() throws IOException {
    for (String[] row : readSupportSet("/sentiment/support_set.csv")) {
      double compound = compound(row[1]);
      assertTrue(compound >= -1 && compound <= 1, row[1]);
    }
    assertEquals(0.0, compound(""));
    assertEquals(0.0, compound(null));
    assertTrue(analyzer.score("   ").scored());
  }
}
