package io.jcacheredis.learned;

/** An application record used as a cache key. */
public record InvoiceNumber(String value) {
}
