package io.jcacheredis.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import io.jcacheredis.client.AsyncCommands;
import io.jcacheredis.util.Futures;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script kept as a resource file, run by EVALSHA with its SHA computed locally, falling back to EVAL when the
 * server answers NOSCRIPT (first use, restart, SCRIPT FLUSH). EVAL also caches the script on the server, so the
 * fallback happens once per server (in a cluster: once per master, as each key's command goes to its master).
 * Every script touches only its KEYS[1], so it runs in a cluster as it does on one server.
 *
 * <p>The commands are built here rather than by Jedis' {@code evalsha(sha, keys, args)}, which copies the SHA and
 * every argument and wants them in lists: a script call allocates only what its own per-call arguments need.
 */
final class LuaScript {

  private static final CommandArg ONE_KEY = CommandArg.ascii("1");

  private final CommandArg body;
  private final CommandArg sha;

  private LuaScript(byte[] body) {
    this.body = CommandArg.of(body);
    this.sha = CommandArg.ascii(sha1Hex(body));
  }

  /**
   * Loads {@code io/jcacheredis/store/<name>.lua} from the class path; with several names, one script of their texts
   * in order (a prelude defining what the last one calls, such as {@code no_events} or {@code events}).
   */
  static LuaScript load(String... names) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    for (String name : names) {
      String path = name + ".lua";
      try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("Lua script resource missing: " + path);
        }
        text.writeBytes(in.readAllBytes());
        text.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read Lua script " + path, e);
      }
    }
    return new LuaScript(names.length == 1 ? trimmed(text.toByteArray()) : text.toByteArray());
  }

  /** A single script's text as the file has it (without the newline {@link #load} appends). */
  private static byte[] trimmed(byte[] text) {
    return Arrays.copyOf(text, text.length - 1);
  }

  /** Runs the script on one key: EVALSHA, then EVAL if the server does not have it yet. */
  Object run(UnifiedJedis redis, byte[] key, CommandArg... args) {
    try {
      return redis.executeCommand(command(key, args));
    } catch (JedisNoScriptException e) {
      return redis.executeCommand(build(Protocol.Command.EVAL, body, key, args));
    }
  }

  /**
   * {@link #run} without waiting: EVALSHA, then, after NOSCRIPT, EVAL, both sent from the thread that completes the
   * previous step.
   */
  CompletableFuture<Object> runAsync(AsyncCommands redis, byte[] key, CommandArg... args) {
    return redis.executeAsync(command(key, args)).exceptionallyCompose(failure -> {
      Throwable cause = Futures.cause(failure);
      return cause instanceof JedisNoScriptException
          ? redis.executeAsync(build(Protocol.Command.EVAL, body, key, args))
          : CompletableFuture.failedFuture(cause);
    });
  }

  /** The EVALSHA command on one key, for pipelines (which {@link #preload} the script instead of falling back). */
  CommandObject<Object> command(byte[] key, CommandArg... args) {
    return build(Protocol.Command.EVALSHA, sha, key, args);
  }

  private static CommandObject<Object> build(Protocol.Command command, CommandArg script, byte[] key,
      CommandArg[] args) {
    CommandArguments arguments = new CommandArguments(command).add(script).add(ONE_KEY).key(CommandArg.of(key));
    for (CommandArg arg : args) {
      arguments.add(arg);
    }
    return new CommandObject<>(arguments, BuilderFactory.RAW_OBJECT);
  }

  /** Loads the script into the server that holds {@code sampleKey}, for pipelines (which cannot fall back). */
  void preload(UnifiedJedis redis, byte[] sampleKey) {
    redis.scriptLoad(body.getRaw(), sampleKey);
  }

  /**
   * The script text, for SCRIPT LOAD on each master of a cluster ({@link
   * io.jcacheredis.client.ClusterClient#loadEverywhere}).
   */
  byte[] body() {
    return body.getRaw();
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
