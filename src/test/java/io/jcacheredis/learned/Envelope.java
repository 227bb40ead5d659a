package io.jcacheredis.learned;

/** Holds any value: the class of its content is written into the bytes by name. */
public record Envelope(Object content) {
}
