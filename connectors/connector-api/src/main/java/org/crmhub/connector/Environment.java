package org.crmhub.connector;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Settings from environment variables. A blank value counts as not set; a value that cannot be
 * used fails with the variable's name, so a wrong setting stops start-up saying which one.
 */
public final class Environment {

  private final Map<String, String> variables;

  public Environment(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  /** The value as set, or null when it is unset or blank. */
  public String text(String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  public String text(String name, String fallback) {
    String value = text(name);
    return value == null ? fallback : value;
  }

  public int wholeNumber(String name, int fallback) {
    long value = wholeNumber(name, (long) fallback);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " is too large, got '" + text(name) + "'");
    }
    return (int) value;
  }

  /** A whole number of at least 0. */
  public long countOrZero(String name, long fallback) {
    return text(name) == null ? fallback : nonNegative(name, wholeNumber(name, 0L));
  }

  /** A whole number of at least 1. */
  public int positiveNumber(String name, int fallback) {
    int value = wholeNumber(name, fallback);
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got '" + text(name) + "'");
    }
    return value;
  }

  public long wholeNumber(String name, long fallback) {
    String value = text(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }

  /** {@code true} or {@code false} in any case; anything else is refused. */
  public boolean flag(String name, boolean fallback) {
    String value = text(name);
    if (value == null) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
    };
  }

  public Duration millis(String name, Duration fallback) {
    return text(name) == null ? fallback : Duration.ofMillis(nonNegative(name, wholeNumber(name, 0L)));
  }

  public Duration seconds(String name, Duration fallback) {
    return text(name) == null ? fallback : Duration.ofSeconds(nonNegative(name, wholeNumber(name, 0L)));
  }

  /** A comma-separated list, its items trimmed and blank ones left out; empty when unset. */
  public List<String> list(String name) {
    String value = text(name);
    return value == null ? List.of()
        : Stream.of(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
  }

  private static long nonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
    return value;
  }
}
