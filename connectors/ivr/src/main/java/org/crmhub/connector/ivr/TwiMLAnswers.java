package org.crmhub.connector.ivr;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.TwiMLException;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Record;
import com.twilio.twiml.voice.Say;

/** The TwiML the hub answers calls with, built with Twilio's own TwiML classes. */
final class TwiMLAnswers {

  static final String VOICE_PATH = "/webhooks/twilio/voice";
  static final String RECORDING_PATH = "/webhooks/twilio/recording";
  static final String TRANSCRIPTION_PATH = "/webhooks/twilio/transcription";
  /** Where Twilio goes when a voicemail ends; without it Twilio would post back to the voice webhook. */
  static final String RECORDED_PATH = "/webhooks/twilio/recorded";
  /** The key that ends a voicemail (Twilio's default is any key, which would end it on a stray press). */
  static final String FINISH_ON_KEY = "#";

  private final IvrSettings settings;

  TwiMLAnswers(IvrSettings settings) {
    this.settings = settings;
  }

  /** Greeting, the menu (one digit, back to the voice webhook), then voicemail if nothing was pressed. */
  String greeting() {
    VoiceResponse.Builder answer = new VoiceResponse.Builder().say(new Say.Builder(settings.greeting()).build());
    if (!settings.menu().isEmpty()) {
      answer.gather(new Gather.Builder()
          .numDigits(1)
          .timeout(5)
          .action(VOICE_PATH)
          .method(HttpMethod.POST)
          .say(new Say.Builder(settings.menuPrompt()).build())
          .build());
    }
    return voicemail(answer, "Please leave a message after the tone.");
  }

  /** After a menu choice: say where the call goes, and take a message for that team. */
  String afterChoice(String label) {
    VoiceResponse.Builder answer = new VoiceResponse.Builder();
    String prompt = label == null
        ? "Sorry, that is not an option."
        : "Thank you. Please leave a message for " + label + " after the tone.";
    return voicemail(answer, prompt);
  }

  /** After the voicemail ended (key, silence, length or hang-up): thank the caller and end the call. */
  String afterRecording() {
    return xml(new VoiceResponse.Builder()
        .say(new Say.Builder("Thank you for your message. Goodbye.").build())
        .hangup(new Hangup.Builder().build()));
  }

  private String voicemail(VoiceResponse.Builder answer, String prompt) {
    answer.say(new Say.Builder(prompt + " Press " + FINISH_ON_KEY + " when you are done.").build())
        .record(new Record.Builder()
            .action(RECORDED_PATH)
            .method(HttpMethod.POST)
            .finishOnKey(FINISH_ON_KEY)
            .maxLength(settings.maxVoicemailSeconds())
            .playBeep(true)
            .transcribe(true)
            .transcribeCallback(TRANSCRIPTION_PATH)
            .recordingStatusCallback(RECORDING_PATH)
            .build())
        // reached only when nothing was recorded: Twilio then skips the action and goes on here
        .hangup(new Hangup.Builder().build());
    return xml(answer);
  }

  private static String xml(VoiceResponse.Builder answer) {
    try {
      return answer.build().toXml();
    } catch (TwiMLException e) {
      throw new IllegalStateException("TwiML from fixed parts cannot be invalid", e);
    }
  }
}
