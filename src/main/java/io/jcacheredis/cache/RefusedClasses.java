package io.jcacheredis.cache;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classes a cache has already warned about refusing to read, so that each is one WARN per cache, not one per
 * read. At most {@value #MAX_REMEMBERED} names are kept: bytes naming ever new classes cannot grow it without bound,
 * and refusals beyond that many classes are each warned about, like other unreadable values.
 */
final class RefusedClasses {

  static final int MAX_REMEMBERED = 1_000;

  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /** Whether a refusal of this class is to be logged as a WARN: the first one (and every one once the set is full). */
  boolean firstRefusal(String className) {
    if (warned.contains(className)) {
      return false;
    }
    return warned.size() >= MAX_REMEMBERED || warned.add(className);
  }
}
