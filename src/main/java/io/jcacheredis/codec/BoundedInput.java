package io.jcacheredis.codec;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * The Input every decode reads from, which keeps hostile bytes from making Kryo allocate what they announce. Kryo
 * creates an array, string or collection of the size the bytes state before it reads a single element, so ten bytes
 * claiming a 2 GB array would throw OutOfMemoryError at the caller. This input refuses, before anything is allocated:
 *
 * <ul>
 *   <li>a string or primitive array longer than the bytes left can hold;
 *   <li>collections, maps and object arrays announcing, all together, more elements than one per byte of the value
 *       (every element takes at least one byte) plus {@value #BYTELESS_ELEMENTS}: the elements of a collection of
 *       nothing but nulls take no bytes (Kryo writes its size and one "all null" marker). A total rather than a
 *       check per collection, because nested collections each announcing the bytes left would add up to far more.
 * </ul>
 *
 * <p>Either is a {@link KryoException}, so a decode failure like any other corrupt value.
 */
final class BoundedInput extends Input {

  /**
   * Collection elements a value may hold beyond one per byte: nulls of all-null collections. Kept small because some
   * collections take time for each element they add (a CopyOnWriteArrayList copies itself on every add).
   */
  static final int BYTELESS_ELEMENTS = 1 << 16;

  private static final byte[] NOTHING = {};
  private static final int MAX_KEPT_CHARS = 16 * 1024;

  /** What collections, maps and object arrays of the value being read may still announce. */
  private long elementsLeft;

  /** Starts reading a value. */
  void start(byte[] bytes) {
    setBuffer(bytes);
    elementsLeft = (long) bytes.length + BYTELESS_ELEMENTS;
  }

  /** Drops what was read, and a very large string buffer, before going back to the pool. */
  void release() {
    setBuffer(NOTHING);
    elementsLeft = 0;
    if (chars.length > MAX_KEPT_CHARS) {
      chars = new char[32];
    }
  }

  /**
   * Counts the elements a collection, map or array announced against the value's budget; call it before allocating
   * for them. Does nothing for other inputs (a custom serializer's own), which did not come from Redis directly.
   */
  static void claimElements(Input input, long count) {
    if (input instanceof BoundedInput) {
      ((BoundedInput) input).claim(count);
    }
  }

  /** {@link #claimElements} for an array whose length (plus one; zero for null) is the next varint to read. */
  static void claimArrayLength(Input input) {
    if (input instanceof BoundedInput) {
      int start = input.position();
      int lengthPlusOne = input.readVarInt(true);
      input.setPosition(start);
      if (lengthPlusOne != 0) {
        ((BoundedInput) input).claim(lengthPlusOne - 1L);
      }
    }
  }

  private void claim(long count) {
    if (count < 0 || count > elementsLeft) {
      throw new KryoException("The value announces a collection, map or array of " + count
          + " elements: more than its " + buffer.length + " bytes can hold (corrupt or hostile bytes)");
    }
    elementsLeft -= count;
  }

  private void requireBytes(int count, int bytesEach) {
    if (count < 0 || (long) count * bytesEach > limit - position) {
      throw new KryoException("The value announces " + count + " items of " + bytesEach + " byte(s) where only "
          + (limit - position) + " bytes are left (corrupt or hostile bytes)");
    }
  }

  /** Kryo writes a non-ASCII string as its char count and then its UTF-8 bytes, and allocates the chars first. */
  private void requireStringBytes() {
    if (position == limit || (buffer[position] & 0x80) == 0) {
      return; // ASCII strings are read byte by byte as they come; Kryo reports a missing byte itself
    }
    int start = position;
    int charCount = readVarIntFlag(true) - 1; // -1: null, 0: empty
    position = start;
    if (charCount > 0) {
      requireBytes(charCount, 1); // each char takes one to three bytes
    }
  }

  @Override
  public String readString() {
    requireStringBytes();
    return super.readString();
  }

  @Override
  public StringBuilder readStringBuilder() {
    requireStringBytes();
    return super.readStringBuilder();
  }

  @Override
  public byte[] readBytes(int length) {
    requireBytes(length, 1);
    return super.readBytes(length);
  }

  @Override
  public int[] readInts(int length) {
    requireBytes(length, Integer.BYTES);
    return super.readInts(length);
  }

  @Override
  public int[] readInts(int length, boolean optimizePositive) {
    requireBytes(length, 1); // variable-length ints take one to five bytes
    return super.readInts(length, optimizePositive);
  }

  @Override
  public long[] readLongs(int length) {
    requireBytes(length, Long.BYTES);
    return super.readLongs(length);
  }

  @Override
  public long[] readLongs(int length, boolean optimizePositive) {
    requireBytes(length, 1);
    return super.readLongs(length, optimizePositive);
  }

  @Override
  public float[] readFloats(int length) {
    requireBytes(length, Float.BYTES);
    return super.readFloats(length);
  }

  @Override
  public double[] readDoubles(int length) {
    requireBytes(length, Double.BYTES);
    return super.readDoubles(length);
  }

  @Override
  public short[] readShorts(int length) {
    requireBytes(length, Short.BYTES);
    return super.readShorts(length);
  }

  @Override
  public char[] readChars(int length) {
    requireBytes(length, Character.BYTES);
    return super.readChars(length);
  }

  @Override
  public boolean[] readBooleans(int length) {
    requireBytes(length, 1);
    return super.readBooleans(length);
  }
}
