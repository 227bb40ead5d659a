package io.jcacheredis.codec;

import java.util.List;

/**
 * Options of the default Kryo codec, manager-wide.
 *
 * @param references whether Kryo tracks object references ({@value #REFERENCES}, default true): needed for cyclic or
 *     shared object graphs; off makes acyclic values a little smaller and faster
 * @param registrations classes registered with Kryo, in this order ({@value #REGISTRATIONS}): they are written as a
 *     small number instead of their name, so every JVM sharing the caches must list the same classes in the same
 *     order; registered classes are allowed for every cache
 */
public record KryoOptions(boolean references, List<String> registrations) {

  public static final String REFERENCES = "jcache.redis.kryo.references";
  public static final String REGISTRATIONS = "jcache.redis.kryo.registrations";

  /** Registration ids start here, clear of the ids Kryo gives its built-in types. */
  static final int FIRST_ID = 100;

  /** References tracked, no registrations: what a manager uses when neither setting is given. */
  public static KryoOptions defaults() {
    return new KryoOptions(true, List.of());
  }
}
