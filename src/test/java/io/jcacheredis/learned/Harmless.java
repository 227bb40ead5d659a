package io.jcacheredis.learned;

/** A decoy whose name has the length of {@link Tripwire}'s: its bytes are renamed to name the tripwire. */
public final class Harmless {
}
