package org.crmhub.hub;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Whether HotSpot compiles methods above its 8,000-byte limit. Vert.x's JSON Schema validator does
 * its work in one method of about 9,300 bytes of bytecode, which HotSpot otherwise never compiles:
 * every request body is then checked by the interpreter, about ten times slower per body (bench/README.md,
 * ingest, "Recorded: request validation compiled"). The flag can only be given on the command line, so the hub says
 * at start when it is missing.
 */
public final class HugeMethodCompilation {

  /** The JVM option that lets HotSpot compile such methods. */
  public static final String FLAG = "-XX:-DontCompileHugeMethods";

  private static final String OPTION = "DontCompileHugeMethods";

  private HugeMethodCompilation() {}

  /** True when huge methods are compiled, or when the JVM is not HotSpot and has no such limit. */
  public static boolean enabled() {
    try {
      HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return hotSpot == null || !Boolean.parseBoolean(hotSpot.getVMOption(OPTION).getValue());
    } catch (IllegalArgumentException unknownOption) {
      return true;
    }
  }
}
