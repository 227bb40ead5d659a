package io.jcacheredis.client;

import io.jcacheredis.RedisFailureException;
import io.jcacheredis.configuration.RedisSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.cache.CacheException;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.ClusterCommandObjects;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The built-in client of a Redis Cluster ({@code redis-cluster://}). Each command with a key goes to the master that
 * owns the key's slot (Jedis' cluster executor: slot cache, MOVED/ASK redirections, retries after connection
 * failures). What the cluster's entry store needs beyond single-key commands is here: {@link #pipeline} sends
 * commands on many keys as one pipeline per master (the masters in parallel), {@link #masters} and {@link #scan} let
 * SCAN visit every master.
 *
 * <p>The cluster's topology is read on first use ({@link ClusterNodes}), so a manager can be created while the
 * cluster is unreachable (as with one server). Failures are {@link RedisFailureException}s naming the node and the
 * cluster, never the password. The pool settings apply to each node's pool.
 *
 * <p>In the {@code multiplexed} connection mode, the commands and pipelines of the caches go over a few shared
 * connections per master instead of the nodes' pools, with the same redirections and retries (see {@code
 * MultiplexedClusterExecutor} and {@code ClusterMultiplexers}); {@link #multiplexedConnections} says how many are
 * open.
 */
public final class ClusterClient extends UnifiedJedis {

  /** Builds the commands sent on a master's own connection (plain ones: no cluster routing checks). */
  public static final CommandObjects COMMANDS = new CommandObjects(RedisProtocol.RESP2);

  private final ClusterNodes nodes;
  private final ClusterTransport transport;
  private final ExecutorService pipelineThreads;
  /** The executor, when it can send without waiting (the multiplexed mode); else null. */
  private final AsyncCommands async;

  private ClusterClient(ClusterNodes nodes, CommandExecutor executor, ClusterTransport transport) {
    super(executor, null, RedisProtocol.RESP2, null);
    this.nodes = nodes;
    this.transport = transport;
    this.async = executor instanceof AsyncCommands commands ? commands : null;
    this.pipelineThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "jcache-redis-cluster-pipeline");
          thread.setDaemon(true);
          return thread;
        });
  }

  /** The client of the cluster a {@code redis-cluster://} endpoint names, with the settings' timeouts and pools. */
  static ClusterClient create(RedisSettings settings) {
    ClusterNodes nodes = new ClusterNodes(settings);
    return new ClusterClient(nodes, nodes, new PooledClusterTransport(nodes));
  }

  /**
   * The client of a cluster in the {@code multiplexed} {@value RedisSettings#CONNECTION_MODE}: commands and pipelines
   * go over a few shared connections per master ({@link ClusterMultiplexers}), the commands that need a connection of
   * their own to the nodes' pools.
   */
  static ClusterClient createMultiplexed(RedisSettings settings) {
    ClusterNodes nodes = new ClusterNodes(settings);
    ClusterMultiplexers multiplexers = new ClusterMultiplexers(nodes, settings);
    return new ClusterClient(nodes, new MultiplexedClusterExecutor(nodes, multiplexers), multiplexers);
  }

  /**
   * In the {@code multiplexed} connection mode, how a command on the keys of one slot is sent to its master without
   * waiting ({@link AsyncCommands}); empty in the pooled mode.
   */
  public Optional<AsyncCommands> asyncCommands() {
    return Optional.ofNullable(async);
  }

  /** The slot of a Redis key (hash tags included, as Redis computes it). */
  public static int slot(byte[] key) {
    return JedisClusterCRC16.getSlot(key);
  }

  /**
   * A command of a {@link #pipeline} and the slot of its key(s). A command on several keys (MGET, UNLINK) names how
   * to get its reply key by key, for when Redis cannot run it at once on a slot being migrated (see {@link
   * #executeAlone}); null for a command on one key.
   */
  public record Routed(int slot, CommandObject<?> command, KeyByKey keyByKey) {
    public Routed(int slot, CommandObject<?> command) {
      this(slot, command, null);
    }
  }

  /**
   * How a command on several keys of a slot is done key by key: the keys, the command for one key, and how the
   * replies of the keys' commands, in order, make the reply of the whole command. The commands are built only when
   * needed.
   */
  public record KeyByKey(List<byte[]> keys, Function<byte[], CommandObject<?>> command,
      Function<List<Object>, Object> reply) {
  }

  /** A master of the cluster: {@code host:port} and its connection pool. */
  public record Master(String node, ConnectionPool pool) {
  }

  /**
   * Runs the commands as one pipeline per master, the masters in parallel, and returns the replies in order. Each
   * command must touch one slot. A command answered with MOVED or ASK (its slot moved meanwhile; it did not run) is
   * sent again on its own, following the redirection (key by key if a migration splits its keys, see {@link
   * #executeAlone}); one answered with NOSCRIPT is sent again after {@code script} is loaded on every master. Any
   * other error reply, or a master that cannot be reached, fails the call with a {@link RedisFailureException}.
   *
   * <p>A connection failure renews the slot cache (as Jedis' cluster executor does for single-key commands), so that
   * after a failover the promoted replica gets the slots' commands. Commands that were never sent (no connection to
   * their master could be opened) are sent again after a backoff, within {@code max-attempts} and the retry
   * deadline; commands whose connection failed after sending are not (they may have run: GETDEL, a put script).
   */
  public List<Object> pipeline(List<Routed> commands, byte[] script) {
    Object[] replies = new Object[commands.size()];
    List<Integer> all = new ArrayList<>(commands.size());
    for (int i = 0; i < commands.size(); i++) {
      all.add(i);
    }
    runWithRetries(commands, all, replies);
    List<Integer> noScript = failedWith(replies, JedisNoScriptException.class);
    if (!noScript.isEmpty() && script != null) {
      loadEverywhere(script);
      runWithRetries(commands, noScript, replies);
    }
    List<Integer> redirected = failedWith(replies, JedisRedirectionException.class);
    if (!redirected.isEmpty()) {
      nodes.renewSlotCache();
      for (int i : redirected) {
        replies[i] = executeAlone(commands.get(i), script);
      }
    }
    for (int i = 0; i < replies.length; i++) {
      if (replies[i] instanceof Failure failure) {
        throw nodes.failure(failure.error(), failure.node());
      }
    }
    return Arrays.asList(replies);
  }

  /**
   * Runs a redirected command of a pipeline on its own, following the redirection. While its slot is being migrated,
   * a command on several keys of the slot may have no node that can run it: the source answers ASK when it lacks one
   * of the keys, and the target, asked, runs it only if it holds them all, else answers TRYAGAIN ("Multiple keys
   * request during rehashing of slot"). That lasts until the resharding tool has moved every key of the slot, which
   * may take long (or forever, if it stopped halfway), so waiting and retrying is no cure: the command is done key by
   * key instead, as one more pipeline whose commands each go to the node holding their key (following ASK one by
   * one). This costs round trips only for the slots being migrated, and nothing the caller relies on: getAll,
   * clear and removeAll promise no atomicity across keys (JCache asks for none, and the slots are separate anyway).
   */
  private Object executeAlone(Routed routed, byte[] script) {
    try {
      return executeFollowing(routed.command(), script);
    } catch (RedisFailureException e) {
      if (routed.keyByKey() == null || !isTryAgain(e.getCause())) {
        throw e;
      }
    }
    KeyByKey keyByKey = routed.keyByKey();
    List<Routed> singles = new ArrayList<>(keyByKey.keys().size());
    for (byte[] key : keyByKey.keys()) {
      singles.add(new Routed(routed.slot(), keyByKey.command().apply(key)));
    }
    return keyByKey.reply().apply(pipeline(singles, script));
  }

  /** The reply of a command on several keys of a slot whose keys are split between two nodes by a migration. */
  private static boolean isTryAgain(Throwable error) {
    return error instanceof JedisDataException && !(error instanceof JedisRedirectionException)
        && error.getMessage() != null && error.getMessage().startsWith("TRYAGAIN");
  }

  /** Runs one command through the cluster executor (which follows redirections), loading the script if needed. */
  private Object executeFollowing(CommandObject<?> command, byte[] script) {
    try {
      return executeCommand(command);
    } catch (JedisNoScriptException e) {
      if (script == null) {
        throw nodes.failure(e, null);
      }
      loadEverywhere(script);
      try {
        return executeCommand(command);
      } catch (JedisNoScriptException again) {
        throw nodes.failure(again, null);
      }
    }
  }

  private static List<Integer> failedWith(Object[] replies, Class<? extends JedisException> type) {
    List<Integer> failed = new ArrayList<>();
    for (int i = 0; i < replies.length; i++) {
      if (replies[i] instanceof Failure failure && type.isInstance(failure.error())) {
        failed.add(i);
      }
    }
    return failed;
  }

  /**
   * An error reply, or the failure of a master's connection, in place of a reply; {@code sent} is false when no
   * connection to the master could be had, so the command cannot have run.
   */
  private record Failure(JedisException error, HostAndPort node, boolean sent) {
  }

  /**
   * {@link #runOnMasters}, and after a connection failure: renews the slot cache, then sends the commands that could
   * not be sent again (after a random backoff that grows as attempts run out, like Jedis' cluster executor) while
   * attempts and time are left. Before a failover has promoted a replica the renewed cache still names the stopped
   * master, so the call fails; once it has, the retry goes to the new master.
   */
  private void runWithRetries(List<Routed> commands, List<Integer> indices, Object[] replies) {
    long deadline = System.nanoTime() + nodes.maxTotalRetries().toNanos();
    List<Integer> pending = indices;
    for (int attemptsLeft = nodes.maxAttempts() - 1; ; attemptsLeft--) {
      runOnMasters(commands, pending, replies);
      boolean unreachable = false;
      List<Integer> unsent = new ArrayList<>();
      for (int i : pending) {
        if (replies[i] instanceof Failure failure && failure.error() instanceof JedisConnectionException) {
          unreachable = true;
          if (!failure.sent()) {
            unsent.add(i);
          }
        }
      }
      if (!unreachable) {
        return;
      }
      boolean retry = !unsent.isEmpty() && attemptsLeft > 0 && deadline - System.nanoTime() > 0;
      if (retry) {
        nodes.backOff(attemptsLeft, deadline);
      }
      nodes.renewAfterConnectionFailure();
      if (!retry) {
        return;
      }
      pending = unsent;
    }
  }

  private void runOnMasters(List<Routed> commands, List<Integer> indices, Object[] replies) {
    Map<HostAndPort, List<Integer>> byMaster = new LinkedHashMap<>();
    for (int i : indices) {
      byMaster.computeIfAbsent(nodes.masterOf(commands.get(i).slot()), node -> new ArrayList<>()).add(i);
    }
    List<Future<?>> running = new ArrayList<>(byMaster.size());
    Map.Entry<HostAndPort, List<Integer>> inline = null;
    for (Map.Entry<HostAndPort, List<Integer>> group : byMaster.entrySet()) {
      if (inline == null) {
        inline = group;
      } else {
        running.add(pipelineThreads.submit(() -> runOnMaster(group.getKey(), group.getValue(), commands, replies)));
      }
    }
    if (inline != null) {
      runOnMaster(inline.getKey(), inline.getValue(), commands, replies);
    }
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CacheException("Interrupted while waiting for the masters of " + nodes.endpoint(), e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RedisFailureException failure) {
          throw failure; // a master's gate did not admit the pipeline in time
        }
        throw new CacheException("Pipeline on " + nodes.endpoint() + " failed: " + e.getCause(), e.getCause());
      }
    }
  }

  /**
   * One pipeline on one master ({@link ClusterTransport#sendAll}): writes every command, then reads every reply; the
   * array slots are disjoint. With the pooled transport, a caller not admitted by the master's gate within the max
   * wait fails the whole call.
   */
  private void runOnMaster(HostAndPort node, List<Integer> indices, List<Routed> commands, Object[] replies) {
    List<CommandArguments> arguments = new ArrayList<>(indices.size());
    for (int i : indices) {
      arguments.add(commands.get(i).command().getArguments());
    }
    List<Object> raw;
    try {
      raw = transport.sendAll(node, arguments);
    } catch (ClusterTransport.NotSent e) {
      for (int i : indices) {
        replies[i] = new Failure(e.failure(), node, false);
      }
      return;
    } catch (JedisException e) {
      for (int i : indices) {
        replies[i] = new Failure(e, node, true);
      }
      return;
    }
    for (int k = 0; k < indices.size(); k++) {
      int i = indices.get(k);
      Object reply = raw.get(k);
      replies[i] = reply instanceof JedisDataException error ? new Failure(error, node, true)
          : commands.get(i).command().getBuilder().build(reply);
    }
  }

  /** Loads a script into every master (SCRIPT LOAD), so EVALSHA works wherever its key lives. */
  public void loadEverywhere(byte[] script) {
    for (Master master : masters(false)) {
      onMaster(master, COMMANDS.scriptLoad(script, new byte[0]));
    }
  }

  /**
   * The masters, from the slot cache; {@code fresh} reads the topology again first (one CLUSTER SLOTS), so a master
   * added since (scale-out) is included although no command has been redirected to it yet.
   */
  public List<Master> masters(boolean fresh) {
    ClusterConnectionProvider provider = nodes.provider();
    Map<String, ConnectionPool> primaries = fresh ? Map.of() : provider.getPrimaryNodes();
    if (primaries.isEmpty()) {
      nodes.renewSlotCache();
      primaries = provider.getPrimaryNodes();
    }
    if (primaries.isEmpty()) {
      throw new RedisFailureException("Redis Cluster " + nodes.endpoint() + " reports no masters", null);
    }
    List<Master> masters = new ArrayList<>(primaries.size());
    primaries.forEach((node, pool) -> masters.add(new Master(node, pool)));
    return masters;
  }

  /**
   * The master that owns a slot now, as the slot cache says ({@code host:port}, as {@link Master#node()} names it);
   * the slot cache is read first if it names none.
   */
  public String masterOf(int slot) {
    return nodes.masterOf(slot).toString();
  }

  /**
   * Opens a {@link SingleLinkClient} to one master (for the near cache's tracking connection of that master) and
   * sends {@code first} on it, in the calling thread. Its commands go to that master alone, never redirected: a
   * command on a key whose slot another node owns is answered with MOVED or ASK, as a {@link
   * RedisFailureException} whose cause is Jedis' {@code JedisRedirectionException}. Commands that need a connection
   * of their own take one from the master's pool.
   *
   * @param lost told once, on the failing thread, when the connection fails after it was opened (not when closed)
   */
  public SingleLinkClient openLink(Master master, CommandArguments first, Consumer<RuntimeException> lost) {
    HostAndPort node = HostAndPort.from(master.node());
    RedisSettings settings = nodes.settings();
    LinkOpener opener = ClusterMultiplexers.opener(node, RedisClients.clientConfig(settings),
        node + " in " + nodes.endpoint());
    RedisFailures dedicated = new RedisFailures(new OnePool(master), nodes.gate(node), settings.endpoint());
    return SingleLinkClient.open(new LinkSource(opener, dedicated, settings), first, lost);
  }

  /** One SCAN step on one master. */
  public ScanResult<byte[]> scan(Master master, byte[] cursor, ScanParams params) {
    return onMaster(master, COMMANDS.scan(cursor, params));
  }

  /**
   * In the multiplexed mode, one SCAN step on a master ({@code host:port}, as {@link Master#node()} names it) without
   * waiting: the future completes on the thread that reads the reply, as {@link #scan} returns or throws.
   *
   * @throws UnsupportedOperationException in the pooled mode
   */
  public CompletableFuture<ScanResult<byte[]>> scanAsync(String master, byte[] cursor, ScanParams params) {
    return transport.executeAsync(HostAndPort.from(master), COMMANDS.scan(cursor, params));
  }

  /**
   * In the multiplexed mode, the masters of this moment ({@code host:port}) read without waiting, as {@code
   * masters(true)} reads them: CLUSTER SLOTS asked of the masters the slot cache knows, one after the other until one
   * answers. The slot cache itself is left as it is.
   *
   * @throws UnsupportedOperationException in the pooled mode
   */
  public CompletableFuture<List<String>> mastersAsync() {
    List<String> known = new ArrayList<>();
    for (Master master : masters(false)) {
      known.add(master.node());
    }
    return new ClusterTopologyReads(transport, nodes.endpoint().toString()).masters(known);
  }

  /** One command on a master (a pooled connection admitted by its gate, or its shared connections). */
  private <T> T onMaster(Master master, CommandObject<T> command) {
    return transport.execute(master, command);
  }

  /** The shared connections open now to all the masters, in the multiplexed mode; 0 in the pooled mode. */
  public int multiplexedConnections() {
    return transport.sharedConnections();
  }

  /** Jedis' ClusterPipeline: each command goes to its key's master. The entry store uses {@link #pipeline} instead. */
  @Override
  public AbstractPipeline pipelined() {
    return new ClusterPipeline(nodes.provider(), new ClusterCommandObjects(RedisProtocol.RESP2));
  }

  @Override
  public AbstractTransaction multi() {
    throw new UnsupportedOperationException("Transactions span one node; not available on " + nodes.endpoint());
  }

  @Override
  public AbstractTransaction transaction(boolean doMulti) {
    throw new UnsupportedOperationException("Transactions span one node; not available on " + nodes.endpoint());
  }

  @Override
  public void close() {
    pipelineThreads.shutdownNow();
    try {
      transport.close();
    } finally {
      super.close();
    }
  }

  @Override
  public String toString() {
    return "ClusterClient[" + nodes.endpoint() + "]";
  }
}
