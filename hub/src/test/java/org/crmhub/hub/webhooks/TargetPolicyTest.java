package org.crmhub.hub.webhooks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

  /**
   * Every block of the IANA IPv4 and IPv6 Special-Purpose Address Registries that is not globally
   * reachable (first and last address of each), multicast, and IPv4 hidden in IPv6 forms.
   */
  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({
      "0.0.0.0, this network", "0.255.255.255, this network",
      "10.0.0.0, private", "10.255.255.255, private",
      "100.64.0.0, shared (CGN)", "100.127.255.255, shared (CGN)",
      "127.0.0.1, loopback", "127.255.255.255, loopback",
      "169.254.0.0, link-local", "169.254.169.254, link-local metadata", "169.254.255.255, link-local",
      "172.16.0.0, private", "172.31.255.255, private",
      "192.0.0.0, IETF protocol assignments", "192.0.0.8, IPv4 dummy address", "192.0.0.170, NAT64 discovery",
      "192.0.0.255, IETF protocol assignments",
      "192.0.2.0, TEST-NET-1", "192.0.2.255, TEST-NET-1",
      "192.88.99.1, deprecated 6to4 relay anycast",
      "192.168.0.0, private", "192.168.255.255, private",
      "198.18.0.0, benchmarking", "198.19.255.255, benchmarking",
      "198.51.100.0, TEST-NET-2", "198.51.100.255, TEST-NET-2",
      "203.0.113.0, TEST-NET-3", "203.0.113.255, TEST-NET-3",
      "224.0.0.251, multicast", "239.255.255.255, multicast",
      "240.0.0.0, reserved", "255.255.255.254, reserved", "255.255.255.255, limited broadcast",
      "::, unspecified", "::1, loopback",
      "::ffff:10.0.0.1, IPv4-mapped private", "::ffff:169.254.169.254, IPv4-mapped metadata",
      "::10.0.0.1, IPv4-compatible private", "::169.254.169.254, IPv4-compatible metadata",
      "64:ff9b::a9fe:a9fe, NAT64 of 169.254.169.254", "64:ff9b::7f00:1, NAT64 of 127.0.0.1",
      "64:ff9b::c0a8:1, NAT64 of 192.168.0.1",
      "64:ff9b:1::, local-use translation", "64:ff9b:1:ffff:ffff:ffff:ffff:ffff, local-use translation",
      "64:ff9b:1::808:808, local-use translation of a public address",
      "100::, discard-only", "100::ffff:ffff:ffff:ffff, discard-only", "100:0:0:1::1, dummy prefix",
      "2001:2::1, benchmarking", "2001:1::4, IETF protocol assignments", "2001:1ff:ffff::1, IETF protocol assignments",
      "2001:0:808:808::f5ff:fffe, Teredo client 10.0.0.1", "2001:0:a00:1::fefe:fefe, Teredo server 10.0.0.1",
      "2001:0:4136:e378:8000:63bf:3fff:fdd2, Teredo client 192.0.2.45 (RFC 4380 example)",
      "2001:db8::1, documentation", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, documentation",
      "2002:a00:1::1, 6to4 of 10.0.0.1", "2002:a9fe:a9fe::1, 6to4 of 169.254.169.254", "2002::1, 6to4 of 0.0.0.0",
      "3fff::1, documentation", "3fff:fff:ffff::1, documentation",
      "5f00::1, SRv6 SIDs",
      "fc00::1, unique-local", "fd00:ec2::254, unique-local (AWS metadata)", "fdff:ffff::1, unique-local",
      "fe80::1, link-local", "febf:ffff::1, link-local", "fec0::1, deprecated site-local",
      "ff02::1, multicast", "ff0e::1, multicast",
      "4000::1, outside global unicast", "::2, IPv4-compatible 0.0.0.2"})
  void refusesEveryRangeThatIsNotGloballyReachable(String address, String range) throws Exception {
    InetAddress resolved = InetAddress.getByName(address);
    assertThrows(TargetPolicy.RefusedTarget.class, () -> production.checkAddress(resolved), address + " " + range);
  }

  @ParameterizedTest
  @ValueSource(strings = {"192.31.196.1", "192.52.193.1", "192.175.48.1", "192.0.3.1", "198.20.0.1",
      "223.255.255.255", "2001:4:112::1", "2001:1::1", "2001:20::1", "2620:4f:8000::1",
      "64:ff9b::808:808", "2002:808:808::1", "2001:0:808:808::fefe:fefe", "::ffff:8.8.8.8", "2a00:1450:4001::200e"})
  void allowsGloballyReachableAddressesAlsoInsideIpv6Forms(String address) throws Exception {
    InetAddress resolved = InetAddress.getByName(address);
    assertDoesNotThrow(() -> production.checkAddress(resolved), address);
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
