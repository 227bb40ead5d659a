package io.jcacheredis.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What both sides of every benchmark share: 10,000 keys, values of a given size, and precomputed random batches of
 * 100 keys, so the timed code only picks and sends them. Random choices use a fixed seed, so the provider and the raw
 * benchmarks work on the same batches.
 */
final class Data {

  /** Keys pre-loaded into every cache / raw key space. */
  static final int KEYS = 10_000;
  /** Keys per getAll / putAll / MGET / MSET. */
  static final int BATCH = 100;
  /** How many precomputed batches a bulk benchmark picks from. */
  static final int BATCHES = 256;
  /** Prefix of the raw keys: as long as the provider's "jcache", so both sides send keys of the same length. */
  static final String RAW_PREFIX = "rawkey";
  /** Prefix of the provider's keys (its default). */
  static final String PROVIDER_PREFIX = "jcache";

  /** The cache keys "k00000" .. "k09999". */
  static final String[] KEY_NAMES = new String[KEYS];

  static {
    for (int i = 0; i < KEYS; i++) {
      KEY_NAMES[i] = String.format("k%05d", i);
    }
  }

  private Data() {
  }

  /** The Redis keys the raw side uses for a "cache": {@code rawkey:<cache>:<key>}, shaped like the provider's. */
  static String[] rawKeys(String cacheName) {
    String[] keys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = RAW_PREFIX + ":" + cacheName + ":" + KEY_NAMES[i];
    }
    return keys;
  }

  /** A random ASCII value of the given length (letters and digits). */
  static String value(int size) {
    Random random = new Random(size);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder text = new StringBuilder(size);
    for (int i = 0; i < size; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  /**
   * Compressible text of the given length, as cached HTML fragments are: table rows whose markup repeats around
   * random item numbers and prices (fixed seed).
   */
  static String document(int size) {
    Random random = new Random(size);
    StringBuilder text = new StringBuilder(size + 100);
    while (text.length() < size) {
      text.append("<tr class=\"item\"><td>item-").append(random.nextInt(1_000_000))
          .append("</td><td class=\"price\">").append(random.nextInt(10_000) / 100.0).append(" EUR</td></tr>\n");
    }
    return text.substring(0, size);
  }

  /** {@link #BATCHES} batches of {@link #BATCH} distinct key indexes each, the same on every call. */
  static int[][] batches() {
    Random random = new Random(42);
    int[][] batches = new int[BATCHES][];
    List<Integer> all = new ArrayList<>(KEYS);
    for (int i = 0; i < KEYS; i++) {
      all.add(i);
    }
    for (int b = 0; b < BATCHES; b++) {
      Collections.shuffle(all, random);
      batches[b] = all.subList(0, BATCH).stream().mapToInt(Integer::intValue).toArray();
    }
    return batches;
  }

  static Set<String> keySet(String[] names, int[] batch) {
    Set<String> set = new LinkedHashSet<>();
    for (int i : batch) {
      set.add(names[i]);
    }
    return Collections.unmodifiableSet(set);
  }

  static Map<String, String> entries(String[] names, int[] batch, String value) {
    Map<String, String> map = new HashMap<>();
    for (int i : batch) {
      map.put(names[i], value);
    }
    return Collections.unmodifiableMap(map);
  }

  /** A uniformly random key index. */
  static int randomIndex() {
    return ThreadLocalRandom.current().nextInt(KEYS);
  }

  /** A uniformly random batch index. */
  static int randomBatch() {
    return ThreadLocalRandom.current().nextInt(BATCHES);
  }
}
