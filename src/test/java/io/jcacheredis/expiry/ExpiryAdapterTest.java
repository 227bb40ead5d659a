package io.jcacheredis.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.store.Ttl;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.Test;

/**
 * The TTLs {@link ExpiryAdapter} derives from an expiry policy: the standard policies' constants (creation, update,
 * access), ZERO as "expired now", ETERNAL, null as "leave the TTL", a policy that throws, rounding and overflow of
 * the duration arithmetic, and when a caller-defined policy is called. No server.
 */
class ExpiryAdapterTest {

  private static final Duration MINUTE = new Duration(TimeUnit.MINUTES, 1);

  private static void assertTtls(ExpiryPolicy policy, String creation, String update, String access) {
    ExpiryAdapter adapter = new ExpiryAdapter(policy);
    assertEquals(creation, adapter.creation().toString(), "creation TTL of " + policy.getClass().getSimpleName());
    assertEquals(update, adapter.update().toString(), "update TTL of " + policy.getClass().getSimpleName());
    assertEquals(access, adapter.access().toString(), "access TTL of " + policy.getClass().getSimpleName());
  }

  @Test
  void theStandardPoliciesGiveTheirDurationsForTheEventsTheyNameAndKeepTheTtlOtherwise() {
    assertTtls(new EternalExpiryPolicy(), "ETERNAL", "KEEP", "KEEP");
    assertTtls(new CreatedExpiryPolicy(MINUTE), "60000ms", "KEEP", "KEEP");
    assertTtls(new AccessedExpiryPolicy(MINUTE), "60000ms", "KEEP", "60000ms");
    assertTtls(new ModifiedExpiryPolicy(MINUTE), "60000ms", "60000ms", "KEEP");
    assertTtls(new TouchedExpiryPolicy(MINUTE), "60000ms", "60000ms", "60000ms");
  }

  @Test
  void onlyTheStandardPoliciesThemselvesArePure() {
    assertTrue(new ExpiryAdapter(new TouchedExpiryPolicy(MINUTE)).isPure());
    assertTrue(new ExpiryAdapter(new EternalExpiryPolicy()).isPure());
    assertFalse(new ExpiryAdapter(policy(() -> MINUTE, () -> MINUTE, () -> MINUTE)).isPure());
  }

  @Test
  void aStandardPolicyIsAskedOnceAndItsTtlsReused() {
    ExpiryAdapter adapter = new ExpiryAdapter(new TouchedExpiryPolicy(MINUTE));
    assertSame(adapter.creation(), adapter.creation());
    assertSame(adapter.access(), adapter.access());
  }

  @Test
  void zeroMeansExpiredNowForEveryEvent() {
    assertTtls(new TouchedExpiryPolicy(Duration.ZERO), "EXPIRED", "EXPIRED", "EXPIRED");
    assertTtls(new CreatedExpiryPolicy(new Duration(TimeUnit.SECONDS, 0)), "EXPIRED", "KEEP", "KEEP");
  }

  @Test
  void eternalRemovesTheTtlForEveryEvent() {
    assertTtls(new TouchedExpiryPolicy(Duration.ETERNAL), "ETERNAL", "ETERNAL", "ETERNAL");
  }

  @Test
  void aNullDurationCreatesWithoutTtlAndLeavesTheTtlOnUpdateAndAccess() {
    assertTtls(policy(() -> null, () -> null, () -> null), "ETERNAL", "KEEP", "KEEP");
  }

  @Test
  void aPolicyThatThrowsCreatesWithoutTtlAndLeavesTheTtlOnUpdateAndAccess() {
    Supplier<Duration> fails = () -> {
      throw new IllegalStateException("policy failed");
    };
    assertTtls(policy(fails, fails, fails), "ETERNAL", "KEEP", "KEEP");
  }

  @Test
  void aCallerDefinedPolicyIsAskedOnEveryOperation() {
    List<String> asked = new ArrayList<>();
    ExpiryAdapter adapter = new ExpiryAdapter(policy(
        () -> {
          asked.add("creation");
          return new Duration(TimeUnit.SECONDS, asked.size());
        },
        () -> {
          asked.add("update");
          return null;
        },
        () -> {
          asked.add("access");
          return Duration.ZERO;
        }));
    assertTrue(asked.isEmpty(), "not asked before an operation needs it");
    assertEquals(1_000, adapter.creation().millis());
    assertEquals(2_000, adapter.creation().millis(), "asked again, answering differently");
    assertEquals(Ttl.KEEP, adapter.update());
    assertEquals(Ttl.EXPIRED, adapter.access());
    assertEquals(List.of("creation", "creation", "update", "access"), asked);
  }

  @Test
  void unitsConvertToMillisecondsAndSubMillisecondDurationsRoundUp() {
    assertTtls(new TouchedExpiryPolicy(new Duration(TimeUnit.HOURS, 2)), "7200000ms", "7200000ms", "7200000ms");
    assertTtls(new TouchedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, 1)), "1ms", "1ms", "1ms");
    // Duration's constructor refuses units below milliseconds; a subclass can still report one.
    Duration microsecond = new Duration(TimeUnit.MILLISECONDS, 1) {
      private static final long serialVersionUID = 1L;

      @Override
      public TimeUnit getTimeUnit() {
        return TimeUnit.MICROSECONDS;
      }
    };
    assertTtls(new TouchedExpiryPolicy(microsecond), "1ms", "1ms", "1ms");
  }

  @Test
  void aDurationTooLongForRedisSaturatesAtTheLongestTtlInsteadOfWrappingIntoThePast() {
    ExpiryAdapter adapter = new ExpiryAdapter(new CreatedExpiryPolicy(new Duration(TimeUnit.DAYS, Long.MAX_VALUE)));
    Ttl creation = adapter.creation();
    assertEquals(Ttl.Kind.MILLIS, creation.kind(), "not expired, not eternal");
    assertEquals(LONGEST_TTL_MILLIS, creation.millis());
    Ttl longest = Ttl.of(new Duration(TimeUnit.MILLISECONDS, Long.MAX_VALUE));
    assertEquals(LONGEST_TTL_MILLIS, longest.millis());
    assertEquals(LONGEST_TTL_MILLIS - 1, Ttl.ofMillis(LONGEST_TTL_MILLIS - 1).millis(), "shorter ones are kept");
  }

  /** Store's Ttl.MAX_MILLIS: now plus this must not overflow Redis' 64-bit expiry time. */
  private static final long LONGEST_TTL_MILLIS = Long.MAX_VALUE / 4;

  @Test
  void negativeOrZeroMillisecondsAreExpired() {
    assertSame(Ttl.EXPIRED, Ttl.ofMillis(0));
    assertSame(Ttl.EXPIRED, Ttl.ofMillis(-1));
    assertSame(Ttl.EXPIRED, Ttl.ofMillis(Long.MIN_VALUE));
  }

  private static ExpiryPolicy policy(Supplier<Duration> creation, Supplier<Duration> update,
      Supplier<Duration> access) {
    return new ExpiryPolicy() {
      @Override
      public Duration getExpiryForCreation() {
        return creation.get();
      }

      @Override
      public Duration getExpiryForUpdate() {
        return update.get();
      }

      @Override
      public Duration getExpiryForAccess() {
        return access.get();
      }
    };
  }
}
