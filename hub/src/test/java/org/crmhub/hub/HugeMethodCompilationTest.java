package org.crmhub.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class HugeMethodCompilationTest {

  @Test
  void readsTheFlagTheJvmWasStartedWith() {
    // the test JVM's own command line says which answer is right; HotSpot's default is "don't"
    boolean started = ManagementFactory.getRuntimeMXBean().getInputArguments()
        .contains(HugeMethodCompilation.FLAG);
    assertEquals(started, HugeMethodCompilation.enabled());
  }
}
