package io.jcacheredis.client;

import io.jcacheredis.util.Futures;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.executors.CommandExecutor;

/**
 * The command executor of a {@link ClusterClient} in the {@code multiplexed} connection mode: a command on the keys
 * of one slot goes over the shared connections of the slot's master ({@link ClusterMultiplexers}), following the
 * cluster's redirections as Jedis' cluster executor (which the pooled mode uses) does, within {@code
 * cluster.max-attempts} and the same retry deadline:
 *
 * <ul>
 *   <li>MOVED: the slot cache is read again and the command sent to the node the redirection names;
 *   <li>ASK: {@code ASKING} and the command are sent one after the other on one connection of the target;
 *   <li>a connection failure: after two in a row, a backoff and a new read of the slot cache, then the slot's
 *       master again (so a failover's promoted replica gets the command).
 * </ul>
 *
 * <p>Any other error reply (TRYAGAIN included, which the pipelines of {@link ClusterClient#pipeline} handle key by
 * key) fails the call as in the pooled mode. Commands that need a connection of their own ({@link DedicatedCommands})
 * and commands without a key or on keys of several slots go to the pooled executor ({@link ClusterNodes}).
 *
 * <p>{@link #executeAsync} sends a command on one slot to the slot's master without waiting; the thread reading the
 * reply completes the future. A redirection or a connection failure is handled by sending the command again as
 * {@link #executeCommand} does, blocking, on a retry thread (the first attempt was the one without waiting).
 */
final class MultiplexedClusterExecutor implements CommandExecutor, AsyncCommands {

  private static final CommandArguments ASKING = new CommandArguments(Protocol.Command.ASKING);

  private final ClusterNodes nodes;
  private final ClusterMultiplexers multiplexers;
  /** Where commands sent without waiting are sent again after a redirection or a connection failure. */
  private final ExecutorService retries = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
      new SynchronousQueue<>(), runnable -> {
        Thread thread = new Thread(runnable, "jcache-redis-cluster-retry");
        thread.setDaemon(true);
        return thread;
      });

  MultiplexedClusterExecutor(ClusterNodes nodes, ClusterMultiplexers multiplexers) {
    this.nodes = nodes;
    this.multiplexers = multiplexers;
  }

  /**
   * Sends a command on the keys of one slot to the slot's master without waiting. Its future completes on the thread
   * that reads the reply, as {@link #executeCommand} would return or throw; after a redirection or a connection
   * failure, with what {@link #executeCommand} does on a retry thread.
   *
   * @throws IllegalArgumentException for a command not on one slot, or one that needs a connection of its own
   */
  @Override
  public <T> CompletableFuture<T> executeAsync(CommandObject<T> command) {
    CommandArguments arguments = command.getArguments();
    Set<Integer> slots = arguments.getKeyHashSlots();
    if (slots.size() != 1 || DedicatedCommands.needOwnConnection(arguments)) {
      throw new IllegalArgumentException("Only commands on the keys of one slot that need no connection of their "
          + "own are sent without waiting, not " + arguments.getCommand());
    }
    HostAndPort node;
    CompletableFuture<Object> reply;
    try {
      node = nodes.masterOf(slots.iterator().next());
      reply = multiplexers.of(node).submit(arguments);
    } catch (JedisException e) { // not sent: the blocking path's attempts
      return sentAgain(command);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    reply.whenComplete((raw, failure) -> {
      if (failure != null || raw instanceof JedisRedirectionException) {
        sentAgain(command).whenComplete((again, againFailure) -> {
          if (againFailure == null) {
            result.complete(again);
          } else {
            result.completeExceptionally(Futures.cause(againFailure));
          }
        });
        return;
      }
      try {
        result.complete(command.getBuilder().build(replyOrFailure(raw, node)));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  private <T> CompletableFuture<T> sentAgain(CommandObject<T> command) {
    try {
      return CompletableFuture.supplyAsync(() -> executeCommand(command), retries);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new JedisConnectionException("The client of " + nodes.endpoint()
          + " is closed", e));
    }
  }

  @Override
  public <T> T executeCommand(CommandObject<T> command) {
    CommandArguments arguments = command.getArguments();
    Set<Integer> slots = arguments.getKeyHashSlots();
    if (slots.size() != 1 || DedicatedCommands.needOwnConnection(arguments)) {
      return nodes.executeCommand(command);
    }
    return command.getBuilder().build(follow(arguments, slots.iterator().next()));
  }

  /** Sends the command to the slot's master, following redirections and retrying as Jedis' cluster executor does. */
  private Object follow(CommandArguments command, int slot) {
    long deadline = System.nanoTime() + nodes.maxTotalRetries().toNanos();
    JedisRedirectionException redirect = null;
    int connectionFailures = 0;
    JedisException last = null;
    HostAndPort node = null;
    for (int attemptsLeft = nodes.maxAttempts(); attemptsLeft > 0; attemptsLeft--) {
      try {
        node = redirect != null ? redirect.getTargetNode() : nodes.masterOf(slot);
        Object reply = redirect instanceof JedisAskDataException ? asking(node, command)
            : multiplexers.of(node).call(command);
        if (!(reply instanceof JedisRedirectionException redirection)) {
          return replyOrFailure(reply, node);
        }
        if (last == null || last instanceof JedisRedirectionException) {
          last = redirection;
        }
        connectionFailures = 0;
        redirect = redirection;
        if (redirection instanceof JedisMovedDataException) {
          nodes.renewSlotCache();
        }
      } catch (JedisConnectionException e) {
        last = e;
        connectionFailures++;
        if (afterConnectionFailure(attemptsLeft - 1, connectionFailures, deadline)) {
          connectionFailures = 0;
          redirect = null;
        }
      }
      if (System.nanoTime() - deadline > 0) {
        throw nodes.failure(new JedisClusterOperationException("Cluster retry to " + node + " deadline exceeded.",
            last), node);
      }
    }
    JedisClusterOperationException noMore = new JedisClusterOperationException("No more cluster attempts left.");
    if (last != null) {
      noMore.addSuppressed(last);
    }
    throw nodes.failure(noMore, node);
  }

  /** ASKING and the command, one after the other on one connection of the target node. */
  private Object asking(HostAndPort node, CommandArguments command) {
    Object[] replies = multiplexers.of(node).callAll(new CommandArguments[] {ASKING, command});
    if (replies[0] instanceof JedisDataException refused) {
      throw nodes.failure(refused, node);
    }
    return replies[1];
  }

  private Object replyOrFailure(Object reply, HostAndPort node) {
    if (reply instanceof JedisNoScriptException noScript) {
      throw noScript; // handled by LuaScript, which loads the script and retries
    }
    if (reply instanceof JedisDataException error) {
      throw nodes.failure(error, node);
    }
    return reply;
  }

  /**
   * What Jedis' cluster executor does after a connection failure: with fewer than 3 attempts, reads the slot cache
   * again before the last one; else, after two failures in a row, backs off and reads it again.
   *
   * @return whether the slot cache was read again (the next attempt goes to the slot's master)
   */
  private boolean afterConnectionFailure(int attemptsLeft, int connectionFailures, long deadline) {
    if (nodes.maxAttempts() < 3) {
      if (attemptsLeft == 0) {
        nodes.renewSlotCache();
        return true;
      }
      return false;
    }
    if (connectionFailures < 2) {
      return false;
    }
    nodes.backOff(attemptsLeft, deadline);
    nodes.renewSlotCache();
    return true;
  }

  @Override
  public void close() {
    retries.shutdownNow();
    try {
      multiplexers.close();
    } finally {
      nodes.close();
    }
  }
}
