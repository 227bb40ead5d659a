package io.jcacheredis.configuration;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;
import javax.cache.CacheException;

/** Reads a manager-wide setting: from the CacheManager's Properties, else the system property of the same name. */
public final class SettingLookup {

  private SettingLookup() {
  }

  /** The trimmed value, or {@code defaultValue} when neither source sets it. */
  public static String get(Properties settings, String name, String defaultValue) {
    String value = settings.getProperty(name);
    if (value == null || value.isBlank()) {
      value = System.getProperty(name);
    }
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }

  /** A true/false setting, read as {@link #get} does; anything but true or false is an error (see {@link #bool}). */
  public static boolean bool(Properties settings, String name, boolean defaultValue) {
    return bool(name, get(settings, name, null), defaultValue);
  }

  /**
   * The value of a true/false setting given as text: {@code true} or {@code false} (any case, trimmed), the default
   * when blank; anything else ({@code yes}, {@code ture}) is a CacheException naming the setting, never false.
   */
  public static boolean bool(String name, String text, boolean defaultValue) {
    if (text == null || text.isBlank()) {
      return defaultValue;
    }
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new CacheException("Setting " + name + " must be true or false, but is '" + text + "'");
    }
  }

  /** A whole-number setting, read as {@link #get} does; anything else is a CacheException naming the setting. */
  public static long number(Properties settings, String name, long defaultValue) {
    String text = get(settings, name, null);
    if (text == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new CacheException("Setting " + name + " must be a whole number, but is '" + text + "'");
    }
  }

  /** A comma-separated list setting; empty when unset. */
  public static List<String> list(Properties settings, String name) {
    String value = get(settings, name, "");
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
  }
}
