package org.crmhub.hub.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Address ranges a webhook may never reach: every block of the IANA IPv4 and IPv6 Special-Purpose
 * Address Registries that is not globally reachable (as of 2025), plus multicast and, for IPv6,
 * everything outside global unicast {@code 2000::/3}. IPv6 forms that carry an IPv4 address
 * (mapped, compatible, NAT64, 6to4, Teredo) are judged by the IPv4 address inside.
 */
final class SpecialPurposeAddresses {

  /** One block: its first address and prefix length, and why it is refused. */
  record Block(byte[] network, int prefixLength, String name) {

    static Block of(String cidr, String name) {
      String[] parts = cidr.split("/");
      try {
        // literals only, so this never asks DNS
        return new Block(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]), name);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(cidr, e);
      }
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int fullBytes = prefixLength / 8;
      for (int i = 0; i < fullBytes; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int restBits = prefixLength % 8;
      if (restBits == 0) {
        return true;
      }
      int mask = (0xFF << (8 - restBits)) & 0xFF;
      return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }
  }

  static final List<Block> IPV4 = List.of(
      Block.of("0.0.0.0/8", "this network"),
      Block.of("10.0.0.0/8", "private use"),
      Block.of("100.64.0.0/10", "shared address space (carrier-grade NAT)"),
      Block.of("127.0.0.0/8", "loopback"),
      Block.of("169.254.0.0/16", "link-local (cloud metadata)"),
      Block.of("172.16.0.0/12", "private use"),
      // whole /24: DS-Lite, NAT64 discovery, PCP and TURN anycast are no webhook targets either
      Block.of("192.0.0.0/24", "IETF protocol assignments"),
      Block.of("192.0.2.0/24", "documentation (TEST-NET-1)"),
      Block.of("192.88.99.0/24", "deprecated 6to4 relay anycast"),
      Block.of("192.168.0.0/16", "private use"),
      Block.of("198.18.0.0/15", "benchmarking"),
      Block.of("198.51.100.0/24", "documentation (TEST-NET-2)"),
      Block.of("203.0.113.0/24", "documentation (TEST-NET-3)"),
      Block.of("224.0.0.0/4", "multicast"),
      Block.of("240.0.0.0/4", "reserved (and limited broadcast)"));

  /** Globally reachable exceptions inside {@code 2001::/23}. */
  static final List<Block> IPV6_GLOBAL_EXCEPTIONS = List.of(
      Block.of("2001:1::1/128", "port control protocol anycast"),
      Block.of("2001:1::2/128", "TURN anycast"),
      Block.of("2001:1::3/128", "DNS-SD service registration anycast"),
      Block.of("2001:3::/32", "AMT"),
      Block.of("2001:4:112::/48", "AS112-v6"),
      Block.of("2001:20::/28", "ORCHIDv2"),
      Block.of("2001:30::/28", "DRIP entity tags"));

  static final List<Block> IPV6 = List.of(
      Block.of("::/128", "unspecified"),
      Block.of("::1/128", "loopback"),
      Block.of("64:ff9b:1::/48", "local-use IPv4/IPv6 translation"),
      Block.of("100::/64", "discard-only"),
      Block.of("100:0:0:1::/64", "dummy prefix"),
      Block.of("2001::/23", "IETF protocol assignments"),
      Block.of("2001:db8::/32", "documentation"),
      Block.of("3fff::/20", "documentation"),
      Block.of("5f00::/16", "segment routing (SRv6) SIDs"),
      Block.of("fc00::/7", "unique-local"),
      Block.of("fe80::/10", "link-local"),
      Block.of("fec0::/10", "deprecated site-local"),
      Block.of("ff00::/8", "multicast"));

  private static final Block GLOBAL_UNICAST = Block.of("2000::/3", "global unicast");
  private static final Block MAPPED = Block.of("::ffff:0:0/96", "IPv4-mapped");
  private static final Block COMPATIBLE = Block.of("::/96", "IPv4-compatible");
  private static final Block NAT64 = Block.of("64:ff9b::/96", "IPv4/IPv6 translation (NAT64)");
  private static final Block SIX_TO_FOUR = Block.of("2002::/16", "6to4");
  private static final Block TEREDO = Block.of("2001::/32", "Teredo");

  private SpecialPurposeAddresses() {}

  /** @return why the address may not be reached, or empty when it is globally reachable */
  static Optional<String> refusal(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      return firstMatch(IPV4, bytes);
    }
    if (!(address instanceof Inet6Address)) {
      return Optional.of("unknown address family");
    }
    Optional<String> special = firstMatch(IPV6, bytes);
    if (special.isPresent() && IPV6_GLOBAL_EXCEPTIONS.stream().noneMatch(b -> b.contains(bytes))
        && !TEREDO.contains(bytes)) {
      return special;
    }
    if (MAPPED.contains(bytes) || COMPATIBLE.contains(bytes) || NAT64.contains(bytes)) {
      return embedded(bytes, 12, false);
    }
    if (SIX_TO_FOUR.contains(bytes)) {
      return embedded(bytes, 2, false);
    }
    if (TEREDO.contains(bytes)) {
      // the server's address as is, the client's with every bit flipped (RFC 4380)
      return embedded(bytes, 4, false).or(() -> embedded(bytes, 12, true));
    }
    return GLOBAL_UNICAST.contains(bytes) ? Optional.empty() : Optional.of("not global unicast IPv6");
  }

  private static Optional<String> embedded(byte[] ipv6, int offset, boolean inverted) {
    byte[] ipv4 = new byte[4];
    for (int i = 0; i < 4; i++) {
      ipv4[i] = (byte) (inverted ? ~ipv6[offset + i] : ipv6[offset + i]);
    }
    return firstMatch(IPV4, ipv4).map(name -> name + " (embedded in IPv6)");
  }

  private static Optional<String> firstMatch(List<Block> blocks, byte[] bytes) {
    return blocks.stream().filter(b -> b.contains(bytes)).map(Block::name).findFirst();
  }
}
