package io.jcacheredis.nearcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.store.TimedValue;
import io.jcacheredis.store.Ttl;
import io.jcacheredis.store.ValueReader;
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
  void aSharedValueIsReadOnceAndOtherValuesAtEachHit() {
    byte[] large = new byte[LocalEntries.Held.KEEP_READ_FROM_BYTES];
    local.install(key, local.reserve(key), new TimedValue(large, -1));
    CountingReader shared = new CountingReader(true);
    Object first = local.held(key).read("k", shared);
    assertSame(first, local.held(key).read("k", shared), "the same instance again");
    assertEquals(1, shared.reads, "the bytes were read once");

    ByteKey other = new ByteKey("jcache:c:other".getBytes(StandardCharsets.UTF_8));
    local.install(other, local.reserve(other), new TimedValue(large, -1));
    CountingReader copying = new CountingReader(false);
    assertNotSame(local.held(other).read("other", copying), local.held(other).read("other", copying),
        "a copy for each hit");
    assertEquals(2, copying.reads);

    local.invalidate(key);
    local.install(key, local.reserve(key), new TimedValue(large, -1));
    assertNotSame(first, local.held(key).read("k", shared), "a value read again after the key changed is read anew");

    ByteKey small = new ByteKey("jcache:c:small".getBytes(StandardCharsets.UTF_8));
    local.install(small, local.reserve(small), new TimedValue(VALUE, -1));
    CountingReader sharedSmall = new CountingReader(true);
    local.held(small).read("small", sharedSmall);
    local.held(small).read("small", sharedSmall);
    assertEquals(2, sharedSmall.reads, "fewer bytes than the threshold are read at each hit");
  }

  /** Reads bytes as a new String each time, counting the reads. */
  private static final class CountingReader implements ValueReader<String, Object> {
    private final boolean shared;
    private int reads;

    CountingReader(boolean shared) {
      this.shared = shared;
    }

    @Override
    public Object read(String key, byte[] bytes) {
      reads++;
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean shared(Object value) {
      return shared;
    }
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

  private static final byte[] WRITTEN = "w".getBytes(StandardCharsets.UTF_8);

  @Test
  void aWrittenValueIsKeptWithTheTtlTheWriteLeft() throws InterruptedException {
    LocalEntries.Write write = local.beginWrite(key, tracking.generation());
    assertNull(local.get(key), "nothing is served while the write is on its way");
    assertNull(local.reserve(key), "a read meanwhile is not kept");
    local.endWrite(key, write, WRITTEN, Ttl.ofMillis(30));
    assertArrayEquals(WRITTEN, local.get(key));
    Thread.sleep(40);
    assertNull(local.get(key), "past the TTL the write set");
  }

  @Test
  void aWriteThatKeepsTheTtlKeepsTheDeadlineOfTheValueHeldBeforeAndIsNotKeptWithoutOne()
      throws InterruptedException {
    LocalEntries.Write unknown = local.beginWrite(key, tracking.generation());
    local.endWrite(key, unknown, WRITTEN, Ttl.KEEP);
    assertNull(local.get(key), "the TTL Redis kept is not known here");

    local.install(key, local.reserve(key), new TimedValue(VALUE, 30));
    LocalEntries.Write keeping = local.beginWrite(key, tracking.generation());
    local.endWrite(key, keeping, WRITTEN, Ttl.KEEP);
    assertArrayEquals(WRITTEN, local.get(key));
    Thread.sleep(40);
    assertNull(local.get(key), "past the TTL read with the value before");
  }

  @Test
  void anInvalidationWhileAWriteIsOnItsWayWinsAndAReadMeanwhileIsNotKept() {
    LocalEntries.Write write = local.beginWrite(key, tracking.generation());
    local.invalidate(key); // another client's write, announced before this write's reply
    assertNull(local.reserve(key), "the write is still on its way: a read's reply is not kept");
    local.endWrite(key, write, WRITTEN, Ttl.ETERNAL);
    assertNull(local.get(key));
    assertNotNull(local.reserve(key), "the key is free once the write ended");
  }

  @Test
  void overlappingWritesOfOneKeyKeepNothing() {
    LocalEntries.Write first = local.beginWrite(key, tracking.generation());
    LocalEntries.Write second = local.beginWrite(key, tracking.generation());
    local.endWrite(key, second, WRITTEN, Ttl.ETERNAL);
    assertNull(local.get(key), "the first is still on its way");
    local.endWrite(key, first, VALUE, Ttl.ETERNAL);
    assertNull(local.get(key), "which one Redis applied last is not known here");
    LocalEntries.Write alone = local.beginWrite(key, tracking.generation());
    local.endWrite(key, alone, WRITTEN, Ttl.ETERNAL);
    assertArrayEquals(WRITTEN, local.get(key), "a write alone is kept again");
  }

  @Test
  void aWriteWhoseGenerationEndedOrThatFailedIsNotKept() {
    LocalEntries.Write write = local.beginWrite(key, tracking.generation());
    tracking.goDark();
    tracking.goLive(null);
    local.endWrite(key, write, WRITTEN, Ttl.ETERNAL);
    assertNull(local.get(key));
    LocalEntries.Write failed = local.beginWrite(key, tracking.generation());
    local.endWrite(key, failed, null, Ttl.EXPIRED);
    assertNull(local.get(key));
    assertNotNull(local.reserve(key));
  }
}
