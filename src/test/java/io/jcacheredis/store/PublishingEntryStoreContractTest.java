package io.jcacheredis.store;

import static io.jcacheredis.store.InMemoryEntryStore.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.RedisTestServer;
import io.jcacheredis.WithRedis;
import io.jcacheredis.store.EntryStore.Condition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * The {@link EntryStoreContract} on the publishing store of a real server while another manager listens, so every
 * write takes the publishing scripts: they answer as the plain store does (more precisely where the plain store's
 * SET cannot tell), and each publishes exactly the change it made.
 */
@WithRedis
class PublishingEntryStoreContractTest extends ServerEntryStoreContractTest {

  private static final String CHANNEL = "test%events@0";
  private static final String ORIGIN = "writer-id";

  private EntryStore store;
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private BinaryJedisPubSub subscription;
  private Thread subscriber;

  /** Runs after the server store's own set-up, which flushed the server and made the plain store. */
  @BeforeEach
  void publish(RedisTestServer server) throws InterruptedException {
    store = EntryStores.publishing(super.store(), new EventChannel() {
      @Override
      public boolean listened() {
        return true;
      }

      @Override
      public byte[] channel() {
        return CHANNEL.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public byte[] origin() {
        return ORIGIN.getBytes(StandardCharsets.UTF_8);
      }
    });
    CountDownLatch subscribed = new CountDownLatch(1);
    subscription = new BinaryJedisPubSub() {
      @Override
      public void onSubscribe(byte[] channel, int count) {
        subscribed.countDown();
      }

      @Override
      public void onMessage(byte[] channel, byte[] message) {
        messages.add(new String(message, StandardCharsets.ISO_8859_1));
      }
    };
    RedisClient listening = server.raw();
    subscriber = new Thread(() -> listening.subscribe(subscription, CHANNEL.getBytes(StandardCharsets.UTF_8)));
    subscriber.setDaemon(true);
    subscriber.start();
    assertTrue(subscribed.await(10, TimeUnit.SECONDS));
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    subscription.unsubscribe();
    subscriber.join(5_000);
  }

  @Override
  EntryStore store() {
    return store;
  }

  /** The publishing script knows what the plain SET cannot say, and says it. */
  @Test
  @Override
  void aPlainSetOrASetNxReportsNoPreviousEntryWithoutAskingForIt() {
    set("k", "v");
    WriteResult plain = store.put(bytes("k"), bytes("w"), Condition.ALWAYS, Ttl.ETERNAL, Ttl.KEEP, false);
    assertTrue(plain.existed(), "the script knows the entry existed");
    assertTrue(plain.written());
    WriteResult nx = store.put(bytes("k"), bytes("x"), Condition.IF_ABSENT, Ttl.ofMillis(10_000), Ttl.KEEP, false);
    assertTrue(nx.existed());
    assertFalse(nx.written());
    assertArrayEquals(bytes("w"), store.get(bytes("k")));
  }

  private static String message(char kind, String key, String value, String old) {
    return kind + field(ORIGIN) + field(key) + field(value) + field(old);
  }

  private static String field(String text) {
    return text == null ? "-" : text.length() + ":" + text;
  }

  private List<String> published(int count) throws InterruptedException {
    List<String> heard = new ArrayList<>();
    while (heard.size() < count) {
      String next = messages.poll(5, TimeUnit.SECONDS);
      if (next == null) {
        break;
      }
      heard.add(next);
    }
    String extra = messages.poll(200, TimeUnit.MILLISECONDS);
    if (extra != null) {
      heard.add(extra);
    }
    return heard;
  }

  @Test
  void eachWritePublishesTheChangeItMadeAndNothingElse() throws InterruptedException {
    store.put(bytes("a"), bytes("1"), Condition.ALWAYS, Ttl.ETERNAL, Ttl.KEEP, false);
    store.put(bytes("a"), bytes("2"), Condition.ALWAYS, Ttl.ETERNAL, Ttl.KEEP, false);
    store.put(bytes("a"), bytes("3"), Condition.IF_ABSENT, Ttl.ETERNAL, Ttl.KEEP, false); // kept: nothing
    store.putAll(List.of(bytes("b")), List.of(bytes("B")), Ttl.ofMillis(60_000), Ttl.KEEP, false);
    store.compareAndSet(bytes("b"), bytes("B"), bytes("B2"), Ttl.KEEP, false);
    store.compareAndSet(bytes("b"), bytes("B2"), bytes("B2"), Ttl.ofMillis(5_000), true); // touch: nothing
    store.replaceIfEquals(bytes("b"), bytes("nope"), bytes("B3"), Ttl.KEEP); // differs: nothing
    store.removeIfEquals(bytes("b"), bytes("B2"));
    set("n", "41");
    store.increment(bytes("n"), 1, Ttl.KEEP);
    store.getAndTouch(bytes("n"), Ttl.ofMillis(60_000)); // a read: nothing
    store.getAndTouch(bytes("n"), Ttl.EXPIRED);
    store.getAndDelete(bytes("a"));
    store.delete(bytes("a")); // absent: nothing
    set("u", "old");
    store.put(bytes("u"), bytes("new"), Condition.IF_PRESENT, Ttl.ETERNAL, Ttl.EXPIRED, false);
    store.compareAndSetAll(List.of(new CompareAndSet(bytes("c"), null, bytes("C"), Ttl.ETERNAL, false)));
    store.getAndDeleteAll(List.of(bytes("c"), bytes("none")));
    store.unlink(List.of(bytes("n"))); // clear(): fires no events

    assertEquals(List.of(message('c', "a", "1", null), message('u', "a", "2", "1"), message('c', "b", "B", null),
        message('u', "b", "B2", "B"), message('r', "b", "B2", "B2"), message('u', "n", "42", "41"),
        message('x', "n", "42", "42"), message('r', "a", "2", "2"), message('x', "u", "old", "old"),
        message('c', "c", "C", null), message('r', "c", "C", "C")), published(11));
  }
}
