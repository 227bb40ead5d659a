package io.jcacheredis.learned;

import java.util.concurrent.atomic.AtomicBoolean;

/** Records whether {@link Tripwire} was ever initialised (loaded and made ready to run) in this JVM. */
public final class Tripwires {

  /** Set by {@link Tripwire}'s static initialiser. */
  public static final AtomicBoolean INITIALISED = new AtomicBoolean();

  /** The tripwire's name: the tests name it only as text, so nothing of theirs loads it. */
  public static final String NAME = "io.jcacheredis.learned.Tripwire";

  private Tripwires() {
  }
}
