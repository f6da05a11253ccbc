package org.crmhub.hub.sentiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The sentiment command's compiler directives parse and reach this JVM's compiler. */
class ShortRunCompilationTest {

  private static String diagnosticCommand(String operation) throws Exception {
    return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), operation, new Object[] {null},
        new String[] {String[].class.getName()}));
  }

  @Test
  void theDirectivesAreAddedToTheCompiler() throws Exception {
    try {
      assertTrue(ShortRunCompilation.apply(), "directives added");
      String active = diagnosticCommand("compilerDirectivesPrint");
      assertTrue(active.contains("org/crmhub/hub/sentiment"), active);
    } finally {
      // This test JVM runs other tests too: leave its compiler as it was.
      diagnosticCommand("compilerDirectivesRemove");
    }
  }
}
