package io.jcacheredis.store;

import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * Creates a Redis hash with all its fields at once unless the key exists ({@code create_hash.lua}): HSETNX sets one
 * field, so a hash written field by field can be read half-written by another client.
 */
public final class HashCreation {

  private static final LuaScript CREATE_HASH = LuaScript.load("create_hash");

  private HashCreation() {
  }

  /** Creates the hash {@code key} with {@code fields} (at least one) if the key does not exist; true if it did not. */
  public static boolean createIfAbsent(UnifiedJedis redis, byte[] key, Map<byte[], byte[]> fields) {
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("A hash needs at least one field");
    }
    CommandArg[] args = new CommandArg[2 * fields.size()];
    int i = 0;
    for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
      args[i++] = CommandArg.of(field.getKey());
      args[i++] = CommandArg.of(field.getValue());
    }
    Object created = CREATE_HASH.run(redis, key, args);
    return created instanceof Long && (Long) created == 1L;
  }
}
