package io.jcacheredis.tck;

import io.jcacheredis.ClusterTestServers;
import io.jcacheredis.TestRedis;
import java.io.IOException;

import org.junit.runner.Description;
import org.junit.runner.Result;
import org.junit.runner.notification.RunListener;

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
 * -Pcluster}) and no external server, a Redis Cluster of three embedded masters is started instead, by the
 * provider's own test class {@link ClusterTestServers} (from the {@code jcache-redis} test-jar), and
 * {@code jcache.redis.url} is set to {@code redis-cluster://127.0.0.1:<port1>,127.0.0.1:<port2>,127.0.0.1:<port3>}.
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
    private static ClusterTestServers cluster;

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
                cluster = ClusterTestServers.start(3);
                System.setProperty(URL_PROPERTY, cluster.url());
                installShutdownHook();
                log("started embedded Redis Cluster at " + cluster.url());
                return;
            }
            IOException last = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                // Restart on the same port if we had one, so an already-set URL stays valid.
                int candidate = (port != 0 && attempt == 1) ? port : TestRedis.freePort();
                try {
                    server = TestRedis.startServer(candidate); // loopback, without persistence
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
                cluster.close();
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

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static void log(String message) {
        System.err.println("[EmbeddedRedisRunListener] " + message);
    }
}
