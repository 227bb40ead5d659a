package io.jcacheredis.configuration;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

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

  /** A comma-separated list setting; empty when unset. */
  public static List<String> list(Properties settings, String name) {
    String value = get(settings, name, "");
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
  }
}
