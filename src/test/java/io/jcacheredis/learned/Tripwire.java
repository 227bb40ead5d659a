package io.jcacheredis.learned;

/**
 * Stands in for a gadget class: on the class path, never written into a cache by the tests, and its static
 * initialiser records that it ran ({@link Tripwires#INITIALISED}). The tests never refer to it but by name.
 */
public final class Tripwire {

  static {
    Tripwires.INITIALISED.set(true);
  }
}
