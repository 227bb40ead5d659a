package io.jcacheredis.codec;

import java.util.List;

/**
 * Classes frameworks store in JCache caches themselves, readable by every cache without listing them, so that
 * entries another JVM wrote read before this JVM has written (and so learned, see {@link LearnedClasses}) them.
 * Exact names only, never a package: everything else of these frameworks stays refused.
 *
 * <p>Each class was checked to be plain data before it was listed, with {@code javap -p -c} on the jars named below:
 * reading it (Kryo sets its fields, or runs a record's canonical constructor; Java serialization inside Kryo for the
 * classes with {@code readResolve}) runs no code beyond assigning its own fields, its static initialiser (if any)
 * sets only its own constants, and it has no {@code readObject}, {@code readResolve}, {@code readExternal} or
 * {@code finalize} doing more than the exceptions noted. The values inside them (ids, disassembled state, query
 * parameters, Spring's key parameters) are held to the cache's allow list like any other value.
 */
final class FrameworkTypes {

  private FrameworkTypes() {
  }

  static final List<String> NAMES = List.of(
      // Hibernate ORM 7 second-level cache (checked in hibernate-core 7.2.19.Final).
      // Entity and collection keys (DefaultCacheKeysFactory): fields id, entityOrRoleName, tenantId, hashCode;
      // static initialisers only set $assertionsDisabled.
      "org.hibernate.cache.internal.BasicCacheKeyImplementation",
      "org.hibernate.cache.internal.CacheKeyImplementation",
      // Natural-id keys: naturalIdValues, entityName, tenantId, hashCode; no static initialiser.
      "org.hibernate.cache.internal.NaturalIdCacheKey",
      // Entity and collection entries: disassembledState (a Serializable[], hence java.io.Serializable among the
      // JDK types), version, subclass name; CollectionCacheEntry: state. No static initialiser, no hooks.
      // (ReferenceCacheEntryImpl is left out: it holds the entity itself and its EntityPersister, not data.
      // StructuredCacheEntry and its kin are not stored: they turn entries into HashMaps, which are.)
      "org.hibernate.cache.spi.entry.StandardCacheEntryImpl",
      "org.hibernate.cache.spi.entry.CollectionCacheEntry",
      // Markers in disassembled state (lazy attribute not fetched, unknown back reference): no fields,
      // readResolve returns the static marker, whose owner's static initialiser only creates that marker.
      "org.hibernate.bytecode.enhance.spi.LazyPropertyInitializer$1",
      "org.hibernate.property.access.internal.PropertyAccessStrategyBackRefImpl$1",
      // Read-write access wraps entries and locks: Item (value, version, timestamp) and SoftLockImpl (sourceUuid,
      // lockId, version, timeout, concurrent, multiplicity, unlockTimestamp). No static initialiser, no hooks.
      "org.hibernate.cache.spi.support.AbstractReadWriteAccess$Item",
      "org.hibernate.cache.spi.support.AbstractReadWriteAccess$SoftLockImpl",
      // Query cache: the value is a record (timestamp, results list) whose canonical constructor only assigns.
      "org.hibernate.cache.internal.QueryResultsCacheImpl$CacheItem",
      // The query cache's key: sqlQueryString, parameterBindingsMemento, firstRow, maxRows, enabledFilterNames.
      // Its readObject (Java serialization only; Kryo sets the fields) recomputes its hashCode from those fields,
      // calling the memento's hashCode, which returns a field.
      "org.hibernate.cache.spi.QueryKey",
      // The key's parameter mementos: the bound values and their hash (values, hashCode), and the empty one (no
      // fields). No static initialiser, no hooks. (The update-timestamps region stores Longs under table names.)
      "org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl",
      "org.hibernate.query.spi.QueryParameterBindings$1",

      // Spring's cache abstraction (checked in spring-context 7.0.0). Spring's JSR-107 annotation support
      // (spring-context-support 7.0.0, org.springframework.cache.jcache.interceptor.KeyGeneratorAdapter) stores
      // the key of Spring's KeyGenerator, by default SimpleKeyGenerator's SimpleKey (or the single parameter
      // itself): it has no key class of its own.
      // SimpleKey: params (an Object[]) and a transient hashCode. Its static initialiser creates EMPTY with its own
      // constructor (Assert.notNull, then the hash of no elements); its readObject (Java serialization only) sets
      // hashCode from Arrays.deepHashCode(params), whose elements are allowed values themselves.
      "org.springframework.cache.interceptor.SimpleKey",
      // The marker of a cached null: no fields; the static initialiser creates INSTANCE, the private constructor
      // does nothing, readResolve returns INSTANCE.
      "org.springframework.cache.support.NullValue");
}
