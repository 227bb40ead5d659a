package io.jcacheredis.store.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import javax.cache.event.EventType;
import org.junit.jupiter.api.Test;

/** Reading the messages of the publishing scripts, and refusing what is not one. */
class EventMessagesTest {

  private static final byte[] ME = bytes("me");

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void readsEachFieldWithBinaryBytesAndAbsentOnes() {
    RemoteEvent event = EventMessages.read(bytes("u5:other3:k:x4:a:\u0000\u00ff-"), ME);
    assertEquals(EventType.UPDATED, event.type());
    assertArrayEquals(bytes("k:x"), event.key());
    assertArrayEquals(bytes("a:\u0000\u00ff"), event.value());
    assertNull(event.oldValue());
    assertEquals(EventType.EXPIRED, EventMessages.read(bytes("x1:o1:k1:v1:v"), ME).type());
  }

  @Test
  void ownMessagesAreNotEvents() {
    assertNull(EventMessages.read(bytes("c2:me1:k1:v-"), ME));
  }

  @Test
  void whatIsNotAMessageIsRefused() {
    for (String bad : new String[] {"", "q1:o1:k-", "c1:o", "c1:o-", "c1:o1:k1:v-extra", "c1:o99:k-", "cx:o",
        "c1:o1:k1:v"}) {
      assertThrows(IllegalArgumentException.class, () -> EventMessages.read(bytes(bad), ME), bad);
    }
  }

  @Test
  void expiredNotificationsAreAddedToTheFlagsAlreadySet() {
    assertEquals("Ex", KeyspaceNotifications.withExpired(""));
    assertEquals("KgEx", KeyspaceNotifications.withExpired("Kg"));
    assertEquals("AKE", KeyspaceNotifications.withExpired("AKE"));
    assertEquals("xE", KeyspaceNotifications.withExpired("xE"));
  }
}
