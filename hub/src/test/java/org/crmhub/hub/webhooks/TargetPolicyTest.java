package org.crmhub.hub.webhooks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetPolicyTest {

  private final TargetPolicy production = new TargetPolicy(false, Set.of("intranet.example"));

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "10.0.0.1", "172.16.5.4", "192.168.0.1",
      "169.254.169.254", "100.64.1.1", "0.0.0.0", "::", "224.0.0.251", "fe80::1", "fd00:ec2::254", "fc00::1",
      "::ffff:10.0.0.1", "::ffff:169.254.169.254"})
  void refusesNonPublicAddresses(String address) throws Exception {
    InetAddress resolved = InetAddress.getByName(address);
    assertThrows(TargetPolicy.RefusedTarget.class, () -> production.checkAddress(resolved), address);
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "100.128.0.1"})
  void allowsPublicAddresses(String address) throws Exception {
    InetAddress resolved = InetAddress.getByName(address);
    assertDoesNotThrow(() -> production.checkAddress(resolved));
  }

  @Test
  void localhostResolvesToLoopbackAndIsRefused() throws Exception {
    for (InetAddress address : InetAddress.getAllByName("localhost")) {
      assertThrows(TargetPolicy.RefusedTarget.class, () -> production.checkAddress(address));
    }
  }

  @Test
  void onlyHttpsUnlessTheHostWasNamed() {
    assertDoesNotThrow(() -> production.checkUrl("https://hooks.example.com/in"));
    assertDoesNotThrow(() -> production.checkUrl("http://intranet.example/in"));
    assertThrows(TargetPolicy.RefusedTarget.class, () -> production.checkUrl("http://hooks.example.com/in"));
    assertThrows(TargetPolicy.RefusedTarget.class, () -> production.checkUrl("http://localhost:8080/in"));
    assertThrows(TargetPolicy.RefusedTarget.class, () -> production.checkUrl("gopher://hooks.example.com/"));
    assertThrows(TargetPolicy.RefusedTarget.class, () -> production.checkUrl("https://user:pw@hooks.example.com/"));
    assertThrows(TargetPolicy.RefusedTarget.class, () -> production.checkUrl("https:///nohost"));
  }

  @Test
  void theTestOnlySettingAllowsLoopbackButNothingElsePrivate() throws Exception {
    TargetPolicy tests = new TargetPolicy(true, Set.of());
    assertDoesNotThrow(() -> tests.checkUrl("http://127.0.0.1:9999/hook"));
    assertDoesNotThrow(() -> tests.checkAddress(InetAddress.getByName("127.0.0.1")));
    assertThrows(TargetPolicy.RefusedTarget.class, () -> tests.checkAddress(InetAddress.getByName("169.254.169.254")));
    assertThrows(TargetPolicy.RefusedTarget.class, () -> tests.checkAddress(InetAddress.getByName("10.0.0.1")));
  }
}
