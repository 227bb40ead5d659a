package io.jcacheredis.nearcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.store.TimedValue;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reserved-read protocol of the local map, without a server: what may be kept, and what never is. */
class LocalEntriesTest {

  private static final byte[] VALUE = "v".getBytes(StandardCharsets.UTF_8);

  private final ByteKey key = new ByteKey("jcache:c:k".getBytes(StandardCharsets.UTF_8));
  private TrackingState tracking;
  private LocalEntries local;

  @BeforeEach
  void live() {
    tracking = new TrackingState();
    tracking.goLive(null);
    tracking.confirmUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
    local = new LocalEntries(LocalBound.entries(100), 60_000, tracking);
  }

  @Test
  void aReservedReadIsKeptAndServed() {
    LocalEntries.Reservation reservation = local.reserve(key);
    local.install(key, reservation, new TimedValue(VALUE, -1));
    assertArrayEquals(VALUE, local.get(key));
  }

  @Test
  void anInvalidationBeforeTheReplyWins() {
    LocalEntries.Reservation reservation = local.reserve(key);
    local.invalidate(key); // the invalidation overtook the reply of the read
    local.install(key, reservation, new TimedValue(VALUE, -1));
    assertNull(local.get(key));
    assertNotNull(local.reserve(key), "the key is free for the next read");
  }

  @Test
  void aReadThatStartedBeforeInvalidationWasLostIsNeverKept() {
    LocalEntries.Reservation reservation = local.reserve(key);
    tracking.goDark();
    tracking.goLive(null); // re-established before the reply arrived, the map not yet emptied
    local.install(key, reservation, new TimedValue(VALUE, -1));
    assertNull(local.get(key));
  }

  @Test
  void nothingIsServedOnceTheLastConfirmationHasRunOutButReadsAreStillKept() {
    tracking = new TrackingState();
    tracking.goLive(null);
    tracking.confirmUntil(System.nanoTime() - 1); // the invalidation connections have been silent too long
    local = new LocalEntries(LocalBound.entries(100), 60_000, tracking);
    local.install(key, local.reserve(key), new TimedValue(VALUE, -1));
    assertNull(local.get(key), "held, but not served while unconfirmed");
    tracking.confirmUntil(System.nanoTime() + TimeUnit.MINUTES.toNanos(1)); // a PING answered again
    assertArrayEquals(VALUE, local.get(key), "served again once confirmed");
    tracking.confirmUntil(System.nanoTime() - 1);
    assertArrayEquals(VALUE, local.get(key), "an older confirmation never shortens a later one");
  }

  @Test
  void aBoundInBytesKeepsNoMoreThanItsBytes() {
    LocalEntries small = new LocalEntries(LocalBound.bytes(10_000), 60_000, tracking);
    byte[] value = new byte[1000];
    int each = 1000 + "jcache:c:k000".length() + LocalBound.ENTRY_OVERHEAD_BYTES;
    for (int i = 0; i < 100; i++) {
      ByteKey k = new ByteKey(String.format("jcache:c:k%03d", i).getBytes(StandardCharsets.UTF_8));
      small.install(k, small.reserve(k), new TimedValue(value, -1));
      assertNotNull(small.get(k), "the newest value is kept");
    }
    assertTrue(small.size() <= 10_000 / each, small.size() + " values of " + each + " bytes in a 10,000-byte bound");
    assertTrue(small.size() >= 1);
  }

  @Test
  void nothingIsServedOrReservedWhileInvalidationIsNotLive() {
    local.install(key, local.reserve(key), new TimedValue(VALUE, -1));
    tracking.goDark();
    assertNull(local.get(key), "held, but not served while dark");
    assertNull(local.reserve(key));
  }

  @Test
  void aSecondReadOfAReservedKeyIsNotKept() {
    LocalEntries.Reservation first = local.reserve(key);
    assertNull(local.reserve(key));
    local.install(key, first, new TimedValue(VALUE, -1));
    assertArrayEquals(VALUE, local.get(key));
  }

  @Test
  void absentEntriesAreNotKept() {
    local.install(key, local.reserve(key), TimedValue.ABSENT);
    assertNull(local.get(key));
    assertNotNull(local.reserve(key));
  }

  @Test
  void aCopyLivesNoLongerThanItsRedisTtlNorTheMaximumLifetime() throws InterruptedException {
    local.install(key, local.reserve(key), new TimedValue(VALUE, 30));
    assertArrayEquals(VALUE, local.get(key));
    Thread.sleep(40);
    assertNull(local.get(key), "past its PTTL");

    LocalEntries shortLived = new LocalEntries(LocalBound.entries(100), 30, tracking);
    shortLived.install(key, shortLived.reserve(key), new TimedValue(VALUE, -1));
    assertArrayEquals(VALUE, shortLived.get(key));
    Thread.sleep(40);
    assertNull(shortLived.get(key), "past the maximum lifetime");
  }
}
