package io.jcacheredis.codec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Which class names a cache's codec reads, judged by name alone (no server needed). */
class ClassAllowListTest {

  /** A class no list names: stands in for an application's class. */
  static final class Invoice {
  }

  private static ClassAllowList plain() {
    return ClassAllowList.of(List.of(Object.class, Object.class), List.of());
  }

  @Test
  void jdkTypesFrameworksStoreAreAllowedButNotTheUrlWhoseHashCodeResolvesItsHost() {
    ClassAllowList list = plain();
    for (String name : List.of("java.io.Serializable", "[Ljava.io.Serializable;", "[[Ljava.io.Serializable;",
        "java.lang.Class", "java.util.concurrent.TimeUnit", "sun.util.calendar.ZoneInfo", "[Ljava.lang.Object;")) {
      assertTrue(list.permits(name), name);
    }
    assertFalse(list.permits("java.net.URL"));
    assertFalse(list.permits("[Ljava.net.URL;"));
  }

  @Test
  void hibernateAndSpringCacheKeysAndEntriesAreAllowedByExactName() {
    ClassAllowList list = plain();
    for (String name : List.of("org.hibernate.cache.internal.BasicCacheKeyImplementation",
        "org.hibernate.cache.internal.CacheKeyImplementation", "org.hibernate.cache.internal.NaturalIdCacheKey",
        "org.hibernate.cache.spi.entry.StandardCacheEntryImpl", "org.hibernate.cache.spi.entry.CollectionCacheEntry",
        "org.hibernate.cache.spi.support.AbstractReadWriteAccess$Item",
        "org.hibernate.cache.spi.support.AbstractReadWriteAccess$SoftLockImpl",
        "org.hibernate.cache.internal.QueryResultsCacheImpl$CacheItem", "org.hibernate.cache.spi.QueryKey",
        "org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl",
        "org.springframework.cache.interceptor.SimpleKey", "org.springframework.cache.support.NullValue")) {
      assertTrue(list.permits(name), name);
    }
  }

  @Test
  void theFrameworksOtherClassesStayRefused() {
    ClassAllowList list = plain();
    for (String name : List.of("org.hibernate.cache.spi.entry.ReferenceCacheEntryImpl",
        "org.hibernate.cache.internal.EnabledCaching", "org.hibernate.cache.internal.Anything",
        "org.hibernate.internal.SessionFactoryImpl", "org.hibernate.Hibernate",
        "org.springframework.cache.interceptor.SimpleKeyGenerator",
        "org.springframework.beans.factory.support.DefaultListableBeanFactory", "org.springframework.Anything")) {
      assertFalse(list.permits(name), name);
    }
  }

  @Test
  void aWrittenClassAndItsArraysElementTypeAreLearned() {
    ClassAllowList list = plain();
    assertFalse(list.permits(Invoice.class.getName()));
    list.written(Invoice[][].class);
    assertTrue(list.permits(Invoice.class.getName()));
    assertTrue(list.permits(Invoice[].class.getName()));
    assertTrue(list.permits(Invoice[][].class.getName()));
    assertFalse(plain().permits(Invoice.class.getName()), "a list of its own learns for itself only");
  }

  @Test
  void learnedClassesAreSharedByCacheAndClassLoaderOnly() throws Exception {
    ClassLoader loader = new URLClassLoader(new URL[0], getClass().getClassLoader());
    ClassAllowList.of(List.of(), List.of(), LearnedClasses.of(loader, "app", "invoices")).written(Invoice.class);
    String name = Invoice.class.getName();
    assertTrue(ClassAllowList.of(List.of(), List.of(), LearnedClasses.of(loader, "app", "invoices")).permits(name),
        "the same cache in the same class loader, as a new CacheManager opens it");
    assertFalse(ClassAllowList.of(List.of(), List.of(), LearnedClasses.of(loader, "app", "orders")).permits(name));
    assertFalse(ClassAllowList.of(List.of(), List.of(), LearnedClasses.of(loader, "other", "invoices")).permits(name));
    assertFalse(ClassAllowList.of(List.of(), List.of(), LearnedClasses.of(loader, "app:invoices", "")).permits(name),
        "escaped names cannot collide");
    try (URLClassLoader another = new URLClassLoader(new URL[0], getClass().getClassLoader())) {
      assertFalse(ClassAllowList.of(List.of(), List.of(), LearnedClasses.of(another, "app", "invoices"))
          .permits(name), "another class loader, like another JVM, has learned nothing");
    }
  }

  @Test
  void aDynamicProxyIsNeverLearned() {
    Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Supplier.class},
        (self, method, arguments) -> null);
    ClassAllowList list = plain();
    ClassNotAllowedException error = assertThrows(ClassNotAllowedException.class,
        () -> list.written(proxy.getClass()));
    assertTrue(error.getMessage().contains("dynamic proxy"), error.getMessage());
    assertFalse(list.permits(proxy.getClass().getName()));
  }

  @Test
  void writingAnAlreadyLearnedClassAllocatesNothing() {
    ClassAllowList list = plain();
    list.written(Invoice.class);
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100_000; i++) {
      list.written(Invoice.class);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < 1_000, "100,000 writes of a learned class allocated " + allocated + " bytes");
  }
}
