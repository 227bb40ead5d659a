package io.jcacheredis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.codec.DecimalLong;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Longs as decimal text, byte by byte, exactly as Long.toString / parseLong would (no server needed). */
class DecimalLongTest {

  @Test
  void roundTripsEveryEdge() {
    long[] values = {0, 1, -1, 9, 10, -10, 123_456_789, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L,
        Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
    for (long value : values) {
      byte[] text = DecimalLong.encode(value);
      assertArrayEquals(Long.toString(value).getBytes(StandardCharsets.US_ASCII), text);
      assertEquals(value, DecimalLong.decode(text));
      assertTrue(DecimalLong.isDecimal(text));
    }
  }

  @Test
  void rejectsWhatIsNotALong() {
    assertThrows(NumberFormatException.class, () -> DecimalLong.decode(ascii("9223372036854775808")));
    assertThrows(NumberFormatException.class, () -> DecimalLong.decode(ascii("12a")));
    assertThrows(NumberFormatException.class, () -> DecimalLong.decode(ascii("-")));
    assertFalse(DecimalLong.isDecimal(new byte[] {3, 'a'}), "Kryo output never looks decimal");
    assertFalse(DecimalLong.isDecimal(new byte[0]));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
