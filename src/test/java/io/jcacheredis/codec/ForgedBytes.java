package io.jcacheredis.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Well-formed bytes of this provider's codec that name a class nobody wrote: how hostile bytes that name a gadget
 * class reach Redis. A value holding a decoy is encoded, then the decoy's class name is replaced by another name of
 * the same length.
 */
public final class ForgedBytes {

  private ForgedBytes() {
  }

  /** The codec's bytes of {@code value}, with the class name of {@code decoy} (inside it) replaced by {@code name}. */
  public static byte[] renaming(Object value, Class<?> decoy, String name) {
    byte[] bytes = new KryoCodec(ForgedBytes.class.getClassLoader(), ClassAllowList.of(List.of(), List.of("*")))
        .encode(value);
    byte[] from = decoy.getName().getBytes(StandardCharsets.US_ASCII);
    byte[] to = name.getBytes(StandardCharsets.US_ASCII);
    if (from.length != to.length) {
      throw new IllegalArgumentException(name + " is not as long as " + decoy.getName() + ": pick another decoy");
    }
    from[from.length - 1] |= (byte) 0x80; // Kryo marks the last character of an ASCII string
    to[to.length - 1] |= (byte) 0x80;
    for (int at = 0; at + from.length <= bytes.length; at++) {
      if (Arrays.equals(bytes, at, at + from.length, from, 0, from.length)) {
        System.arraycopy(to, 0, bytes, at, to.length);
        return bytes;
      }
    }
    throw new IllegalArgumentException(decoy.getName() + " is not named in the bytes of " + value);
  }

  /** A plain Java serialization stream of {@code value}, as any program could write it into Redis. */
  public static byte[] javaSerialized(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Where {@code part} first occurs in {@code data}, or -1: the place to forge. */
  public static int indexOf(byte[] data, byte[] part) {
    for (int i = 0; i + part.length <= data.length; i++) {
      if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    return -1;
  }
}
