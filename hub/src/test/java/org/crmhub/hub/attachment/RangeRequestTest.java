package org.crmhub.hub.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

class RangeRequestTest {

  private static ByteRange part(String header, long size) {
    return assertInstanceOf(RangeRequest.Part.class, RangeRequest.of(header, size, true), header).range();
  }

  @Test
  void oneRangeIsServedAloneAndClippedToTheEnd() {
    assertEquals(new ByteRange(0, 1), part("bytes=0-0", 100));
    assertEquals(new ByteRange(10, 11), part("bytes=10-20", 100));
    assertEquals(new ByteRange(90, 10), part("bytes=90-1000", 100));
    assertEquals(new ByteRange(40, 60), part("bytes=40-", 100));
    assertEquals(new ByteRange(99, 1), part(" bytes=99- ", 100));
    assertEquals(new ByteRange(0, 100), part("bytes=0-99", 100));
    assertEquals(99, part("bytes=0-99", 100).end());
  }

  @Test
  void aSuffixRangeIsTheLastBytesOrAllOfThem() {
    assertEquals(new ByteRange(70, 30), part("bytes=-30", 100));
    assertEquals(new ByteRange(0, 100), part("bytes=-5000", 100));
  }

  @Test
  void aRangeWhollyPastTheEndCannotBeSatisfied() {
    assertInstanceOf(RangeRequest.Unsatisfiable.class, RangeRequest.of("bytes=100-", 100, true));
    assertInstanceOf(RangeRequest.Unsatisfiable.class, RangeRequest.of("bytes=500-600", 100, true));
    assertInstanceOf(RangeRequest.Unsatisfiable.class, RangeRequest.of("bytes=-0", 100, true));
    assertInstanceOf(RangeRequest.Unsatisfiable.class, RangeRequest.of("bytes=0-", 0, true));
    assertInstanceOf(RangeRequest.Unsatisfiable.class, RangeRequest.of("bytes=-1", 0, true));
  }

  @Test
  void anythingElseIsAnsweredWithTheWhole() {
    for (String header : new String[] {null, "", "bytes=0-1,5-6", "bytes=5-1", "bytes=-", "items=0-1", "bytes=a-b",
        "bytes=0-99999999999999999999", "bytes 0-1"}) {
      assertInstanceOf(RangeRequest.Whole.class, RangeRequest.of(header, 100, true), String.valueOf(header));
    }
  }

  @Test
  void anIfRangeForAnotherVersionGetsTheWhole() {
    assertInstanceOf(RangeRequest.Whole.class, RangeRequest.of("bytes=0-1", 100, false));
  }
}
