package io.jcacheredis.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Output;
import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

/**
 * Bytes that announce more than they hold, nest too deeply, or smuggle a Java stream never make the codec allocate
 * what they claim, overflow the stack or run a class the cache does not allow: decoding them is a CacheException,
 * quickly, and values that really are that large still round-trip.
 */
class BoundedDecodingTest {

  private static final Duration QUICKLY = Duration.ofSeconds(10);
  /** What decoding a few hostile bytes may allocate: the values above announce gigabytes. */
  private static final long MAX_ALLOCATED = 16 << 20;

  /** Sets a flag when Java serialization creates it: stands in for a gadget class. */
  static final class JavaGadget implements Serializable {
    static volatile boolean deserialized;
    private static final long serialVersionUID = 1L;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      deserialized = true;
    }
  }

  /** Nests through Java serialization (readResolve makes the codec leave it to Java serialization). */
  static final class JavaNode implements Serializable {
    private static final long serialVersionUID = 1L;
    JavaNode next;

    private Object readResolve() {
      return this;
    }
  }

  private final KryoCodec codec = new KryoCodec(getClass().getClassLoader(), ClassAllowList.of(List.of(), List.of()));
  private final KryoCodec permissive = new KryoCodec(getClass().getClassLoader(),
      ClassAllowList.of(List.of(), List.of("*")));

  /** Decoding fails quickly with a CacheException, having allocated far less than what the bytes announce. */
  private void assertRefused(byte[] bytes, String why) {
    codec.decode(codec.encode(List.of(why))); // the session's Kryo is set up: what follows allocates for the bytes only
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] allocated = new long[1];
    CacheException error = assertTimeoutPreemptively(QUICKLY, () -> {
      long before = threads.getCurrentThreadAllocatedBytes();
      try {
        return assertThrows(CacheException.class, () -> codec.decode(bytes));
      } finally {
        allocated[0] = threads.getCurrentThreadAllocatedBytes() - before;
      }
    }, why);
    assertTrue(error.getMessage().startsWith("Cannot deserialize a value stored in Redis"), error.getMessage());
    assertTrue(allocated[0] < MAX_ALLOCATED, why + ": decoding allocated " + allocated[0] + " bytes");
  }

  /**
   * The encoding of {@code value} with the size it states, {@code fromEnd} bytes before its end, replaced by a huge
   * one: flagged for collections ("every element has the same class") and strings, plain for the others.
   */
  private byte[] claimingHugeSize(Object value, int fromEnd, boolean flagged) {
    byte[] encoded = permissive.encode(value);
    int at = encoded.length - fromEnd;
    Output out = new Output(16, -1);
    out.writeBytes(encoded, 0, at);
    if (flagged) {
      out.writeVarIntFlag(true, Integer.MAX_VALUE - 8, true);
    } else {
      out.writeVarInt(Integer.MAX_VALUE - 8, true);
    }
    out.writeBytes(encoded, at + 1, encoded.length - at - 1);
    return out.toBytes();
  }

  /** A collection claiming a huge size whose elements are all null: Kryo adds them without reading a byte. */
  private byte[] collectionOfHugelyManyNulls(Object emptyCollection, int fromEnd) {
    byte[] claim = claimingHugeSize(emptyCollection, fromEnd, true);
    return Arrays.copyOf(claim, claim.length + 1); // then the elements' class: 0, none (null)
  }

  @Test
  void collectionsMapsAndArraysClaimingHugeSizesAreRefusedBeforeAllocating() {
    List<Object> collections = List.of(new ArrayList<>(), new LinkedList<>(), new HashSet<>(), new ArrayDeque<>(),
        new CopyOnWriteArrayList<>(), List.of(), Set.of(), Arrays.asList());
    for (Object empty : collections) {
      assertRefused(collectionOfHugelyManyNulls(empty, 1), empty.getClass().getName());
    }
    for (Object sorted : List.of(new TreeSet<>(), new PriorityQueue<>())) { // the size, then the comparator
      assertRefused(collectionOfHugelyManyNulls(sorted, 2), sorted.getClass().getName());
    }
    List<Object> others = List.of(new HashMap<>(), new LinkedHashMap<>(), new ConcurrentHashMap<>(), new Object[0],
        new String[0], new Integer[0], new byte[0], new int[0], new long[0], new double[0], new char[0],
        new boolean[0], new BitSet());
    for (Object empty : others) {
      assertRefused(claimingHugeSize(empty, 1, false), empty.getClass().getName());
    }
    assertRefused(claimingHugeSize(new TreeMap<>(), 2, false), "a TreeMap");
  }

  @Test
  void stringsAndNumbersClaimingHugeLengthsAreRefused() {
    byte[] text = permissive.encode(List.of("é")); // ... char count + 1 (flagged), then the UTF-8 bytes C3 A9
    assertEquals((byte) 0x82, text[text.length - 3]);
    assertRefused(claimingHugeSize(List.of("é"), 3, true), "a string of 2^31 chars");
    assertRefused(claimingHugeSize(new StringBuilder("é"), 3, true), "a StringBuilder of 2^31 chars");
    assertRefused(claimingHugeSize(BigInteger.ONE, 2, false), "a BigInteger of 2 GB");
  }

  @Test
  void valuesThatReallyAreLargeStillRoundTrip() {
    byte[] tenMegabytes = new byte[10 << 20];
    Arrays.fill(tenMegabytes, (byte) 7);
    assertArrayEquals(tenMegabytes, (byte[]) codec.decode(codec.encode(tenMegabytes)));
    List<Integer> million = new ArrayList<>();
    for (int i = 0; i < 1_000_000; i++) {
      million.add(i % 100);
    }
    assertEquals(million, codec.decode(codec.encode(million)));
    Map<String, List<String>> nested = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      nested.put("k" + i, List.of("ü" + i, "v"));
    }
    assertEquals(nested, codec.decode(codec.encode(nested)));
    String wide = "ж".repeat(1 << 20);
    assertEquals(List.of(wide), codec.decode(codec.encode(List.of(wide))));
  }

  @Test
  void collectionsOfNullsTakeNoBytesPerElementAndAreAllowedUpToALimit() {
    List<Object> nulls = new ArrayList<>(Collections.nCopies(BoundedInput.BYTELESS_ELEMENTS / 2, null));
    byte[] bytes = codec.encode(nulls);
    assertTrue(bytes.length < 40, "all-null collections are a few bytes: " + bytes.length);
    assertEquals(nulls, codec.decode(bytes));
    assertRefused(codec.encode(new ArrayList<>(Collections.nCopies(BoundedInput.BYTELESS_ELEMENTS + 100, null))),
        "more nulls than the allowance, whose elements take no bytes");
  }

  private static Object nestedLists(int depth) {
    Object value = new ArrayList<>();
    for (int i = 1; i < depth; i++) {
      value = new ArrayList<>(List.of(value));
    }
    return value;
  }

  @Test
  void nestingIsLimitedOnWriteAndRead() throws InterruptedException {
    Object deepest = nestedLists(KryoCodec.MAX_DEPTH);
    assertEquals(deepest, codec.decode(codec.encode(deepest)));
    CacheException tooDeep = assertThrows(CacheException.class,
        () -> codec.encode(nestedLists(KryoCodec.MAX_DEPTH + 1)));
    assertTrue(tooDeep.getMessage().contains("nests deeper than " + KryoCodec.MAX_DEPTH), tooDeep.getMessage());
    byte[] deep = PlainKryo.bytesOf(nestedLists(2_000));
    assertRefused(deep, "2,000 nested lists");
    byte[] deeper = PlainKryo.bytesOf(nestedLists(100_000));
    assertRefused(deeper, "100,000 nested lists");
  }

  /** A value of an allowed class that Kryo leaves to Java serialization, its Java stream replaced by another. */
  private byte[] withJavaStream(byte[] javaStream) {
    byte[] atomic = permissive.encode(new AtomicInteger(7));
    int streamStart = -1;
    for (int i = 0; i + 1 < atomic.length && streamStart < 0; i++) {
      streamStart = atomic[i] == (byte) 0xAC && atomic[i + 1] == (byte) 0xED ? i : -1;
    }
    assertTrue(streamStart > 0, "AtomicInteger goes through Java serialization");
    byte[] bytes = Arrays.copyOf(atomic, streamStart + javaStream.length);
    System.arraycopy(javaStream, 0, bytes, streamStart, javaStream.length);
    return bytes;
  }

  @Test
  void javaSerializedPartsResolveClassesThroughTheAllowListOnly() {
    assertEquals(7, ((AtomicInteger) codec.decode(codec.encode(new AtomicInteger(7)))).get());
    JavaGadget.deserialized = false;
    byte[] gadget = withJavaStream(ForgedBytes.javaSerialized(new JavaGadget()));
    assertEquals(JavaGadget.class, permissive.decode(gadget).getClass(), "the crafted bytes do hold the gadget");
    JavaGadget.deserialized = false;
    CacheException error = assertThrows(CacheException.class, () -> codec.decode(gadget));
    assertTrue(error.getMessage().contains(JavaGadget.class.getName()), error.getMessage());
    assertFalse(JavaGadget.deserialized, "the class the allow list refused was not created");

    byte[] smallArray = ForgedBytes.javaSerialized(new byte[] {9, 8, 7, 6});
    byte[] lengthAndData = {0, 0, 0, 4, 9, 8, 7, 6};
    int at = ForgedBytes.indexOf(smallArray, lengthAndData);
    assertTrue(at > 0);
    smallArray[at] = 0x7F; // a length of 2 billion
    assertRefused(withJavaStream(smallArray), "a Java array claiming 2 GB");
    JavaNode deep = new JavaNode();
    for (int i = 0; i < 2 * KryoCodec.MAX_DEPTH; i++) {
      JavaNode outer = new JavaNode();
      outer.next = deep;
      deep = outer;
    }
    assertRefused(withJavaStream(ForgedBytes.javaSerialized(deep)), "Java objects nested too deeply");
  }

  @Test
  void aClassWrittenInsideAJavaSerializedPartIsLearnedByTheWritingCodecOnly() {
    KryoCodec nodes = new KryoCodec(getClass().getClassLoader(),
        ClassAllowList.of(List.of(JavaNode.class), List.of()));
    JavaNode node = new JavaNode();
    assertEquals(JavaNode.class, nodes.decode(nodes.encode(node)).getClass());
    // AtomicReference goes through Java serialization: JavaGadget is named by the Java stream's class descriptor only
    byte[] bytes = codec.encode(new AtomicReference<>(new JavaGadget()));
    JavaGadget.deserialized = false;
    assertEquals(JavaGadget.class, ((AtomicReference<?>) codec.decode(bytes)).get().getClass());
    assertTrue(JavaGadget.deserialized, "the codec that wrote it reads it back");

    JavaGadget.deserialized = false;
    KryoCodec another = new KryoCodec(getClass().getClassLoader(), ClassAllowList.of(List.of(), List.of()));
    UnreadableClassException error = assertThrows(UnreadableClassException.class, () -> another.decode(bytes));
    assertFalse(JavaGadget.deserialized, "a codec that never wrote it created it");
    assertEquals(JavaGadget.class.getName(), error.className());
    assertTrue(error.getMessage().contains(KryoCodec.ALLOWED_CLASSES + "=" + JavaGadget.class.getName()),
        error.getMessage());
  }
}
