package io.jcacheredis.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * The values no caller can change: instances of the JDK's immutable value classes (exactly those classes, not
 * subclasses, which could add state) and enum constants. One instance of such a value may be handed to every caller
 * that reads it, which store-by-value cannot tell from a copy each.
 */
public final class ImmutableValues {

  private static final Set<Class<?>> CLASSES = Set.of(String.class, Boolean.class, Character.class, Byte.class,
      Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class,
      UUID.class, Instant.class, Duration.class, Period.class, LocalDate.class, LocalTime.class,
      LocalDateTime.class, OffsetDateTime.class, OffsetTime.class, ZonedDateTime.class, Year.class, YearMonth.class,
      MonthDay.class, ZoneOffset.class);

  private ImmutableValues() {
  }

  /** Whether {@code value} (not null) is of an immutable class, or an enum constant. */
  public static boolean contains(Object value) {
    Class<?> type = value.getClass();
    return CLASSES.contains(type) || value instanceof Enum;
  }
}
