package io.jcacheredis.store.events;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.cache.event.EventType;

/**
 * Reads the messages the publishing scripts send (see the {@code events.lua} prelude): a kind letter, then the
 * manager id, the entry key, the value and the previous value, each {@code <length>:<bytes>} or {@code -} when absent.
 */
final class EventMessages {

  private EventMessages() {
  }

  /**
   * The change a message announces, or null when it came from {@code ownOrigin} (this manager heard its own change).
   *
   * @throws IllegalArgumentException when the message is not of this form
   */
  static RemoteEvent read(byte[] message, byte[] ownOrigin) {
    if (message.length == 0) {
      throw new IllegalArgumentException("an empty message");
    }
    EventType type = type(message[0]);
    int[] position = {1};
    byte[] origin = field(message, position);
    if (Arrays.equals(origin, ownOrigin)) {
      return null;
    }
    byte[] key = field(message, position);
    byte[] value = field(message, position);
    byte[] old = field(message, position);
    if (key == null || position[0] != message.length) {
      throw new IllegalArgumentException("a message without a key, or with bytes after its last field");
    }
    return new RemoteEvent(type, key, value, old);
  }

  private static EventType type(byte kind) {
    switch (kind) {
      case 'c': return EventType.CREATED;
      case 'u': return EventType.UPDATED;
      case 'r': return EventType.REMOVED;
      case 'x': return EventType.EXPIRED;
      default:
        throw new IllegalArgumentException("an unknown kind of change '" + (char) kind + "'");
    }
  }

  private static byte[] field(byte[] message, int[] position) {
    int at = position[0];
    if (at >= message.length) {
      throw new IllegalArgumentException("a message cut short");
    }
    if (message[at] == '-') {
      position[0] = at + 1;
      return null;
    }
    int colon = at;
    while (colon < message.length && message[colon] != ':') {
      colon++;
    }
    if (colon == at || colon == message.length || colon - at > 10) {
      throw new IllegalArgumentException("a field without its length");
    }
    int length;
    try {
      length = Integer.parseInt(new String(message, at, colon - at, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a field length that is not a number", e);
    }
    int start = colon + 1;
    if (length < 0 || length > message.length - start) {
      throw new IllegalArgumentException("a field longer than the message");
    }
    position[0] = start + length;
    return Arrays.copyOfRange(message, start, start + length);
  }
}
