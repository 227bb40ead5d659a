package io.jcacheredis.configuration;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names of the provider's settings, read from the constants that define them (every public static final String
 * whose value starts with {@value #PREFIX}), so the list of known names is never kept by hand beside them; and, for
 * a name the provider does not know, the known name closest to it.
 */
public final class SettingNames {

  /** What every setting name starts with (left out in the query of a Redis URL). */
  public static final String PREFIX = "jcache.redis.";

  private SettingNames() {
  }

  /** The setting names declared as constants by these classes. */
  public static Set<String> declaredIn(Class<?>... owners) {
    Set<String> names = new TreeSet<>();
    for (Class<?> owner : owners) {
      for (Field field : owner.getFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class) {
          String value = constant(field);
          if (value.startsWith(PREFIX)) {
            names.add(value);
          }
        }
      }
    }
    return names;
  }

  private static String constant(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Public constant " + field + " cannot be read", e);
    }
  }

  /** The known name with the fewest single-character edits from {@code name} (the first such, in order). */
  static String closest(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = editDistance(name, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Levenshtein distance: insertions, deletions and substitutions of one character each count 1. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
