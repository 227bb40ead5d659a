package io.jcacheredis.expiry;

import io.jcacheredis.store.Ttl;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts a JCache {@link ExpiryPolicy} to Redis TTLs. The five standard policies are "pure": their answers never
 * change and calling them has no side effect, so their TTLs are computed once and operations can pick the creation or
 * update TTL inside Redis, in one round trip. Any other policy is called exactly when the spec says, once per
 * operation, after the operation has read whether the entry exists.
 */
public final class ExpiryAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(ExpiryAdapter.class);

  private final ExpiryPolicy policy;
  private final boolean pure;
  private final Ttl creation;
  private final Ttl update;
  private final Ttl access;

  public ExpiryAdapter(ExpiryPolicy policy) {
    this.policy = policy;
    this.pure = isStandard(policy);
    this.creation = pure ? creation() : null;
    this.update = pure ? update() : null;
    this.access = pure ? access() : null;
  }

  private static boolean isStandard(ExpiryPolicy policy) {
    Class<?> type = policy.getClass();
    return type == EternalExpiryPolicy.class || type == CreatedExpiryPolicy.class
        || type == AccessedExpiryPolicy.class || type == ModifiedExpiryPolicy.class
        || type == TouchedExpiryPolicy.class;
  }

  /** True when the TTLs are constants, so operations may decide creation vs update inside Redis. */
  public boolean isPure() {
    return pure;
  }

  /** TTL for a new entry; a policy that throws gives an eternal entry, as in the reference implementation. */
  public Ttl creation() {
    if (creation != null) {
      return creation;
    }
    try {
      Duration d = policy.getExpiryForCreation();
      return d == null ? Ttl.ETERNAL : Ttl.of(d);
    } catch (RuntimeException e) {
      LOG.warn("ExpiryPolicy.getExpiryForCreation failed; the entry gets no TTL", e);
      return Ttl.ETERNAL;
    }
  }

  /** TTL after an update; a policy that throws leaves the TTL as it was. */
  public Ttl update() {
    if (update != null) {
      return update;
    }
    try {
      return Ttl.of(policy.getExpiryForUpdate());
    } catch (RuntimeException e) {
      LOG.warn("ExpiryPolicy.getExpiryForUpdate failed; the TTL is left unchanged", e);
      return Ttl.KEEP;
    }
  }

  /** TTL after a read; a policy that throws leaves the TTL as it was. */
  public Ttl access() {
    if (access != null) {
      return access;
    }
    try {
      return Ttl.of(policy.getExpiryForAccess());
    } catch (RuntimeException e) {
      LOG.warn("ExpiryPolicy.getExpiryForAccess failed; the TTL is left unchanged", e);
      return Ttl.KEEP;
    }
  }

  public ExpiryPolicy policy() {
    return policy;
  }
}
