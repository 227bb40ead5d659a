package io.jcacheredis.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script kept as a resource file, run by EVALSHA with its SHA computed locally, falling back to EVAL when the
 * server answers NOSCRIPT (first use, restart, SCRIPT FLUSH). EVAL also caches the script on the server, so the
 * fallback happens once per server (in a cluster: once per master, as each key's command goes to its master).
 * Every script touches only its KEYS[1], so it runs in a cluster as it does on one server.
 */
final class LuaScript {

  private final String name;
  private final byte[] body;
  private final byte[] sha;

  private LuaScript(String name, byte[] body) {
    this.name = name;
    this.body = body;
    this.sha = sha1Hex(body).getBytes(StandardCharsets.US_ASCII);
  }

  /** Loads {@code io/jcacheredis/store/<name>.lua} from the class path. */
  static LuaScript load(String name) {
    String path = name + ".lua";
    try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Lua script resource missing: " + path);
      }
      return new LuaScript(name, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read Lua script " + path, e);
    }
  }

  Object run(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
    try {
      return redis.evalsha(sha, keys, args);
    } catch (JedisNoScriptException e) {
      return redis.eval(body, keys, args);
    }
  }

  /** Loads the script into the server that holds {@code sampleKey}, for pipelines (which cannot fall back). */
  void preload(UnifiedJedis redis, byte[] sampleKey) {
    redis.scriptLoad(body, sampleKey);
  }

  byte[] sha() {
    return sha;
  }

  /** The script text, for SCRIPT LOAD on each master of a cluster ({@link ClusterClient#loadEverywhere}). */
  byte[] body() {
    return body;
  }

  String name() {
    return name;
  }

  private static String sha1Hex(byte[] data) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(data);
      StringBuilder hex = new StringBuilder(40);
      for (byte b : digest) {
        hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every Java platform", e);
    }
  }
}
