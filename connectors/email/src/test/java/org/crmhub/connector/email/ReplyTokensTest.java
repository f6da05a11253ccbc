package org.crmhub.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplyTokensTest {

  private final ReplyTokens tokens = new ReplyTokens("secret-one");

  @Test
  void aReplysMessageIdNamesTheReplyAndItsConversation() {
    String id = tokens.messageId("rp_Ab-9_x", "cv_Zz-01_q", "example.com");
    assertEquals(Optional.of(new ReplyTokens.Reply("rp_Ab-9_x", "cv_Zz-01_q")), tokens.reply("Original-Message-ID: <" + id + ">"));
    assertEquals(Optional.empty(), new ReplyTokens("another-secret").reply("<" + id + ">"), "signed with another secret");
    assertEquals(Optional.empty(), tokens.reply("<" + id.replace("cv_Zz", "cv_Zy") + ">"), "forged conversation");
  }

  @Test
  void theReplyToAddressSurvivesLowerCasingAndRefusesForgery() {
    String replyTo = tokens.replyTo("support", "example.com", "cv_MixedCASE-01");
    assertTrue(replyTo.startsWith("support+c.") && replyTo.endsWith("@example.com"), replyTo);
    assertTrue(replyTo.indexOf('@') <= 64, "the local part fits the 64 characters a mail address allows");
    assertEquals(Optional.of("cv_MixedCASE-01"), tokens.conversation(replyTo));
    assertEquals(Optional.of("cv_MixedCASE-01"), tokens.conversation(replyTo.toUpperCase(Locale.ROOT)));
    String forged = replyTo.replace("+c.m", "+c.n");
    assertEquals(Optional.empty(), tokens.conversation(forged));
    assertEquals(Optional.empty(), tokens.conversation("support@example.com"));
    assertEquals("sales+x@example.com", tokens.replyTo("sales+x", "example.com", "cv_1"), "an address with + stays as it is");
  }

  @Test
  void topicsIgnoreReplyPrefixesAndTags() {
    assertEquals("printer on fire", SubjectTopic.of("RE: [#42] AW: Fwd:  Printer   on fire"));
    assertEquals("printer on fire", SubjectTopic.of("Re[2]: SV: printer on fire"));
    assertEquals(null, SubjectTopic.of("Re: "));
    assertEquals("Re: Printer", SubjectTopic.reply("Re: Printer"));
    assertEquals("Re: AW: Printer", SubjectTopic.reply("AW: Printer"));
  }
}
