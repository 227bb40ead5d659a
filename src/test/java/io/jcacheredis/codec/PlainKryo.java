package io.jcacheredis.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;

/** Writes values as a Kryo without this provider's limits does: how hostile or foreign bytes reach Redis. */
public final class PlainKryo {

  private PlainKryo() {
  }

  /** The bytes of {@code value}, written on a thread with a large stack so that deep values can be written. */
  public static byte[] bytesOf(Object value) throws InterruptedException {
    byte[][] bytes = new byte[1][];
    Thread writer = new Thread(null, () -> {
      Kryo kryo = new Kryo();
      kryo.setRegistrationRequired(false);
      Output output = new Output(1024, -1);
      kryo.writeClassAndObject(output, value);
      bytes[0] = output.toBytes();
    }, "plain-kryo", 256L << 20);
    writer.start();
    writer.join();
    return bytes[0];
  }
}
