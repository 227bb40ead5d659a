package io.jcacheredis.tck;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.runner.Description;
import org.junit.runner.Result;
import org.junit.runner.notification.RunListener;

import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;

/**
 * Gives the TCK run a Redis server: registered with surefire as a JUnit 4 {@link RunListener}
 * (see the {@code listener} property in {@code tck/pom.xml}).
 *
 * <p>If {@code -Djcache.redis.url} or the environment variable {@code JCACHE_REDIS_URL} is set, that
 * external server is used and nothing is started (the environment value is copied to the system
 * property, which is what the provider reads). Otherwise an embedded Redis is started on a free
 * loopback port, without persistence, and {@code jcache.redis.url} is set to
 * {@code redis://127.0.0.1:<port>}. It is stopped on {@code testRunFinished} and, as a fallback,
 * by a JVM shutdown hook.
 *
 * <p>With {@code -Djcache.redis.test.cluster=true} (the {@code cluster} profile: {@code mvn -f tck/pom.xml verify
 * -Pcluster}) and no external server, a Redis Cluster of three embedded masters is started instead (cluster mode,
 * node files in a temporary directory, slots split evenly, joined with CLUSTER MEET) and {@code jcache.redis.url}
 * is set to {@code redis-cluster://127.0.0.1:<port1>,127.0.0.1:<port2>,127.0.0.1:<port3>}.
 *
 * <p>State is static because surefire may create more than one listener instance and may call
 * {@code testRunStarted} more than once: the server is started once and reused while it runs.
 */
public class EmbeddedRedisRunListener extends RunListener {

    public static final String URL_PROPERTY = "jcache.redis.url";
    public static final String URL_ENV = "JCACHE_REDIS_URL";
    /** Set to true to run the TCK on an embedded three-master Redis Cluster. */
    public static final String CLUSTER_PROPERTY = "jcache.redis.test.cluster";
    private static final String LOOPBACK = "127.0.0.1";
    private static final int START_ATTEMPTS = 3;

    private static final Object LOCK = new Object();
    /** Non-null once decided: true = we run an embedded server, false = an external one is used. */
    private static Boolean embedded;
    private static RedisServer server;
    private static int port;
    private static boolean hookInstalled;
    private static EmbeddedCluster cluster;

    @Override
    public void testRunStarted(Description description) throws Exception {
        ensureStarted();
    }

    @Override
    public void testRunFinished(Result result) {
        stop();
    }

    /** Starts the embedded server unless it runs already or an external server was configured. */
    public static void ensureStarted() throws IOException {
        synchronized (LOCK) {
            if (embedded == null) {
                String property = System.getProperty(URL_PROPERTY);
                String env = System.getenv(URL_ENV);
                if (!isBlank(property)) {
                    log("using external Redis from -D" + URL_PROPERTY + ": " + property);
                    embedded = false;
                } else if (!isBlank(env)) {
                    System.setProperty(URL_PROPERTY, env.trim());
                    log("using external Redis from $" + URL_ENV + ": " + env.trim());
                    embedded = false;
                } else {
                    embedded = true;
                }
            }
            if (!embedded || (server != null && server.isActive()) || cluster != null) {
                return;
            }
            if (Boolean.getBoolean(CLUSTER_PROPERTY)) {
                cluster = EmbeddedCluster.start(3);
                System.setProperty(URL_PROPERTY, cluster.url());
                installShutdownHook();
                log("started embedded Redis Cluster at " + cluster.url());
                return;
            }
            IOException last = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                // Restart on the same port if we had one, so an already-set URL stays valid.
                int candidate = (port != 0 && attempt == 1) ? port : freeLoopbackPort();
                try {
                    RedisServer s = RedisServer.newRedisServer()
                            .port(candidate)
                            .bind(LOOPBACK)
                            .setting("save \"\"")
                            .setting("appendonly no")
                            .build();
                    s.start();
                    server = s;
                    port = candidate;
                    String url = "redis://" + LOOPBACK + ":" + candidate;
                    System.setProperty(URL_PROPERTY, url);
                    installShutdownHook();
                    log("started embedded Redis at " + url);
                    return;
                } catch (IOException e) {
                    last = e;
                    log("could not start embedded Redis on port " + candidate + " (attempt " + attempt + "): " + e);
                }
            }
            throw new IOException("could not start embedded Redis after " + START_ATTEMPTS + " attempts", last);
        }
    }

    /** Stops the embedded server if one runs; idempotent. */
    public static void stop() {
        synchronized (LOCK) {
            if (cluster != null) {
                cluster.stop();
                log("stopped embedded Redis Cluster " + cluster.url());
                cluster = null;
            }
            if (server == null) {
                return;
            }
            try {
                if (server.isActive()) {
                    server.stop();
                    log("stopped embedded Redis on port " + port);
                }
            } catch (IOException | RuntimeException e) {
                log("failed to stop embedded Redis on port " + port + ": " + e);
            } finally {
                server = null;
            }
        }
    }

    private static void installShutdownHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(
                    new Thread(EmbeddedRedisRunListener::stop, "embedded-redis-stop"));
            hookInstalled = true;
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static void log(String message) {
        System.err.println("[EmbeddedRedisRunListener] " + message);
    }

    /**
     * A Redis Cluster of embedded Redis 6.2 masters on loopback, without persistence: each node gets an even share of
     * the 16384 slots (CLUSTER ADDSLOTS), the first meets the others (CLUSTER MEET), and start returns once every
     * node reports cluster_state:ok.
     */
    static final class EmbeddedCluster {
        private static final int SLOTS = 16384;
        private final List<RedisServer> servers = new ArrayList<>();
        private final List<Integer> ports = new ArrayList<>();
        private final Path directory;

        private EmbeddedCluster(Path directory) {
            this.directory = directory;
        }

        static EmbeddedCluster start(int masters) throws IOException {
            EmbeddedCluster cluster = new EmbeddedCluster(Files.createTempDirectory("jcache-redis-tck-cluster"));
            try {
                for (int i = 0; i < masters; i++) {
                    cluster.startNode();
                }
                cluster.join();
                return cluster;
            } catch (IOException | RuntimeException e) {
                cluster.stop();
                throw e;
            }
        }

        private void startNode() throws IOException {
            IOException last = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int port = freeClusterPort();
                RedisServer node = RedisServer.newRedisServer().port(port).bind(LOOPBACK)
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .setting("dir " + directory.toAbsolutePath())
                        .setting("cluster-enabled yes")
                        .setting("cluster-config-file nodes-" + port + ".conf")
                        .setting("cluster-node-timeout 5000")
                        .build();
                try {
                    node.start();
                    servers.add(node);
                    ports.add(port);
                    return;
                } catch (IOException e) {
                    last = e;
                    log("could not start a cluster node on port " + port + " (attempt " + attempt + "): " + e);
                }
            }
            throw new IOException("could not start a cluster node after " + START_ATTEMPTS + " attempts", last);
        }

        private void join() throws IOException {
            int count = ports.size();
            for (int i = 0; i < count; i++) {
                try (Jedis node = new Jedis(LOOPBACK, ports.get(i))) {
                    // CLUSTER ADDSLOTSRANGE needs Redis 7; ADDSLOTS takes every slot number.
                    node.clusterAddSlots(IntStream.rangeClosed(SLOTS * i / count, SLOTS * (i + 1) / count - 1)
                            .toArray());
                }
            }
            try (Jedis first = new Jedis(LOOPBACK, ports.get(0))) {
                for (int i = 1; i < count; i++) {
                    first.clusterMeet(LOOPBACK, ports.get(i));
                }
            }
            long deadline = System.currentTimeMillis() + 30_000;
            for (int port : ports) {
                try (Jedis node = new Jedis(LOOPBACK, port)) {
                    String info = node.clusterInfo();
                    while (!(info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + count + "\r")
                            && info.contains("cluster_slots_ok:" + SLOTS + "\r"))) {
                        if (System.currentTimeMillis() > deadline) {
                            throw new IOException("the cluster did not become ready: node " + port + " reports "
                                    + info);
                        }
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted while waiting for the cluster", e);
                        }
                        info = node.clusterInfo();
                    }
                }
            }
        }

        String url() {
            StringJoiner nodes = new StringJoiner(",", "redis-cluster://", "");
            ports.forEach(port -> nodes.add(LOOPBACK + ":" + port));
            return nodes.toString();
        }

        void stop() {
            for (RedisServer node : servers) {
                try {
                    if (node.isActive()) {
                        node.stop();
                    }
                } catch (IOException | RuntimeException e) {
                    log("failed to stop a cluster node: " + e);
                }
            }
            servers.clear();
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                log("could not delete " + directory + ": " + e);
            }
        }

        /** A port whose cluster bus port (port + 10000) is free as well. */
        private static int freeClusterPort() throws IOException {
            for (int attempt = 0; attempt < 100; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
                if (isFree(port) && isFree(port + 10_000)) {
                    return port;
                }
            }
            throw new IOException("no free port pair (port, port + 10000) for a cluster node");
        }

        private static boolean isFree(int port) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
