package io.jcacheredis.nearcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.codec.ValueCodec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the codec of a near-cached cache remembers: immutable values, by the identity of their array only. */
class DecodedImmutablesTest {

  /** Decodes "list:..." as a new ArrayList, anything else as a new String; counts its decodes. */
  private static final class CountingCodec implements ValueCodec {
    final AtomicInteger decodes = new AtomicInteger();

    @Override
    public byte[] encode(Object value) {
      return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object decode(byte[] bytes) {
      decodes.incrementAndGet();
      String text = new String(bytes, StandardCharsets.UTF_8);
      return text.startsWith("list:") ? new ArrayList<>(List.of(text)) : text;
    }
  }

  private final CountingCodec codec = new CountingCodec();
  private final DecodedImmutables values = new DecodedImmutables(codec, LocalBound.entries(100));

  @Test
  void theSameArrayIsDecodedOnce() {
    byte[] bytes = values.encode("v");
    Object first = values.decode(bytes);
    assertSame(first, values.decode(bytes));
    assertEquals(1, codec.decodes.get());
    assertEquals(1, values.size());
  }

  @Test
  void aBoundInBytesRemembersOnlyArraysOfAtMostItsShareOfASlot() {
    DecodedImmutables byBytes = new DecodedImmutables(codec, LocalBound.bytes(8 * 1024));
    assertEquals(16, byBytes.slots());
    byte[] small = byBytes.encode("v");
    assertSame(byBytes.decode(small), byBytes.decode(small));
    byte[] large = byBytes.encode("v".repeat(513));
    assertNotSame(byBytes.decode(large), byBytes.decode(large), "over 8 KB / 16 slots: not remembered");
    assertEquals(3, codec.decodes.get());
  }

  @Test
  void arraysWhoseSlotsMeetStayRememberedInTheNeighbour() {
    DecodedImmutables small = new DecodedImmutables(codec, LocalBound.entries(1));
    List<byte[]> arrays = new ArrayList<>();
    List<Object> decoded = new ArrayList<>();
    for (int i = 0; i < 8; i++) { // 16 slots: 8 arrays, some meeting in a slot
      arrays.add(small.encode("v" + i));
      decoded.add(small.decode(arrays.get(i)));
    }
    int remembered = 0;
    for (int i = 0; i < 8; i++) {
      remembered += small.decode(arrays.get(i)) == decoded.get(i) ? 1 : 0;
    }
    assertEquals(small.size(), remembered, "every value in the table is found again");
    assertEquals(8 + 8 - remembered, codec.decodes.get());
  }

  @Test
  void theTableIsSizedLikeTheNearCache() {
    assertEquals(256, new DecodedImmutables(codec, LocalBound.entries(100)).slots(), "two per entry, rounded up");
    assertEquals(DecodedImmutables.MIN_SLOTS, new DecodedImmutables(codec, LocalBound.entries(1)).slots());
    assertEquals(DecodedImmutables.MAX_SLOTS, new DecodedImmutables(codec, LocalBound.entries(10_000_000)).slots());
  }

  @Test
  void equalBytesInAnotherArrayAreDecodedAnew() {
    Object first = values.decode(values.encode("v"));
    Object second = values.decode(values.encode("v"));
    assertEquals(first, second);
    assertNotSame(first, second, "remembered by the array's identity, never by its content");
    assertEquals(2, codec.decodes.get());
  }

  @Test
  void aMutableValueIsDecodedEveryTime() {
    byte[] bytes = values.encode("list:a");
    assertNotSame(values.decode(bytes), values.decode(bytes));
    assertEquals(List.of(2, 0L), List.of(codec.decodes.get(), values.size()), "decoded twice, nothing remembered");
  }

  @Test
  void onlyExactImmutableJdkTypesAreShared() {
    assertTrue(DecodedImmutables.isImmutable(String.class));
    assertTrue(DecodedImmutables.isImmutable(Long.class));
    assertTrue(DecodedImmutables.isImmutable(BigInteger.class));
    assertFalse(DecodedImmutables.isImmutable(new BigInteger("1") { }.getClass()), "a subclass may be mutable");
    assertFalse(DecodedImmutables.isImmutable(byte[].class));
    assertFalse(DecodedImmutables.isImmutable(ArrayList.class));
  }
}
