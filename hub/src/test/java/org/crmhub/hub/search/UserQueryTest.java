package org.crmhub.hub.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.crmhub.hub.search.UserQuery.Clause;
import org.crmhub.hub.search.UserQuery.Kind;
import org.junit.jupiter.api.Test;

class UserQueryTest {

  @Test
  void readsWordsPhrasesPrefixesAndExclusions() {
    assertEquals(List.of(
            new Clause(Kind.WORD, "refund", false),
            new Clause(Kind.PHRASE, "still waiting", false),
            new Clause(Kind.PREFIX, "deliv", false),
            new Clause(Kind.WORD, "spam", true),
            new Clause(Kind.PHRASE, "thank you", true),
            new Clause(Kind.PREFIX, "promo", true)),
        UserQuery.parse("refund \"still waiting\" deliv* -spam -\"thank you\" -promo*").clauses());
  }

  @Test
  void anythingElseIsText() {
    assertEquals(List.of(new Clause(Kind.WORD, "title:x", false), new Clause(Kind.WORD, "AND", false),
            new Clause(Kind.WORD, "(", false), new Clause(Kind.PHRASE, "open quote", false)),
        UserQuery.parse("title:x AND ( \"open quote").clauses());
    assertEquals(List.of(new Clause(Kind.WORD, "a", false), new Clause(Kind.WORD, "b", false)),
        UserQuery.parse("a\u0000b\u0007").clauses());
    assertEquals(List.of(), UserQuery.parse(" * - \"\" ** ").clauses());
  }

  @Test
  void readsTheSenderExactlyQuotedOrNotAndExcludable() {
    assertEquals(List.of(new Clause(Kind.FROM, "Ann@Example.com", false), new Clause(Kind.WORD, "refund", false),
            new Clause(Kind.FROM, "+15551234567", true), new Clause(Kind.FROM, "bob@example.com", false)),
        UserQuery.parse("FROM:Ann@Example.com refund -from:+15551234567 from:\" bob@example.com \"").clauses());
    assertEquals(List.of(new Clause(Kind.FROM, "ann@example.com*", false)), UserQuery.parse("from:ann@example.com*")
        .clauses(), "a sender is never a prefix");
  }

  @Test
  void fromWithoutASenderIsText() {
    assertEquals(List.of(new Clause(Kind.WORD, "from:", false)), UserQuery.parse("from:").clauses());
    assertEquals(List.of(new Clause(Kind.WORD, "from:", true), new Clause(Kind.WORD, "x", false)),
        UserQuery.parse("-from: x").clauses());
    assertEquals(List.of(new Clause(Kind.WORD, "from", false)), UserQuery.parse("from from:\"\"").clauses());
    assertEquals(List.of(new Clause(Kind.WORD, "xfrom:a", false), new Clause(Kind.FROM, "from:a", false)),
        UserQuery.parse("xfrom:a from:from:a").clauses());
  }

  @Test
  void readsAtMostSoManyClauses() {
    assertEquals(UserQuery.MAX_CLAUSES, UserQuery.parse("w ".repeat(1_000)).clauses().size());
  }
}
