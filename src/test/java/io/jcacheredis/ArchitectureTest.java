package io.jcacheredis;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package structure of the provider's own classes (not the tests'), checked on their bytecode: no package cycle,
 * and dependencies that go only downward, from the provider to the caches to the Redis store.
 */
class ArchitectureTest {

  private static final JavaClasses PROVIDER = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.jcacheredis");

  /** Every package below io.jcacheredis with its subpackages is a slice; no two slices depend on each other. */
  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("io.jcacheredis.(*)..").should().beFreeOfCycles().check(PROVIDER);
  }

  /**
   * The layers, top to bottom: the provider and its managers ({@code spi}); the JCache semantics ({@code cache});
   * the read-decide-compare-and-set engine ({@code transaction}), which sees only the store; the near cache
   * ({@code nearcache}: a decorator of a cache's store, and the invalidation connections it opens through the client); what the caches use
   * besides ({@code event}, {@code expiry}, {@code integration}, {@code management}, and {@code catalog}, the
   * configurations stored in Redis); the Redis store ({@code store}: the entry commands); the Redis clients
   * ({@code client}: pools, cluster, sentinel, TLS, unix sockets, the connection gate); and the foundation
   * ({@code configuration},
   * {@code codec}, {@code util}). The public types of {@code io.jcacheredis} itself (the extension interfaces,
   * {@link RedisCacheConfiguration}, {@link RedisFailureException}) are used at every level and use only the
   * foundation.
   */
  @Test
  void layersDependOnlyDownward() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("Provider").definedBy("io.jcacheredis.spi..")
        .layer("Cache").definedBy("io.jcacheredis.cache..")
        .layer("Transaction").definedBy("io.jcacheredis.transaction..")
        .layer("NearCache").definedBy("io.jcacheredis.nearcache..")
        .layer("Services").definedBy("io.jcacheredis.event..", "io.jcacheredis.expiry..",
            "io.jcacheredis.integration..", "io.jcacheredis.management..", "io.jcacheredis.catalog..")
        .layer("Store").definedBy("io.jcacheredis.store..")
        .layer("Client").definedBy("io.jcacheredis.client..")
        .layer("Api").definedBy("io.jcacheredis")
        .layer("Foundation").definedBy("io.jcacheredis.configuration..", "io.jcacheredis.codec..",
            "io.jcacheredis.util..")
        .whereLayer("Provider").mayNotBeAccessedByAnyLayer()
        .whereLayer("Cache").mayOnlyBeAccessedByLayers("Provider")
        .whereLayer("Transaction").mayOnlyBeAccessedByLayers("Cache")
        .whereLayer("NearCache").mayOnlyBeAccessedByLayers("Provider", "Cache")
        .whereLayer("NearCache").mayOnlyAccessLayers("Store", "Client", "Api", "Foundation")
        .whereLayer("Services").mayOnlyBeAccessedByLayers("Provider", "Cache")
        .whereLayer("Transaction").mayOnlyAccessLayers("Store", "Api")
        .whereLayer("Services").mayOnlyAccessLayers("Store", "Api", "Foundation")
        .whereLayer("Store").mayOnlyAccessLayers("Client", "Api", "Foundation")
        .whereLayer("Client").mayOnlyBeAccessedByLayers("Provider", "Store", "NearCache")
        .whereLayer("Client").mayOnlyAccessLayers("Api", "Foundation")
        .whereLayer("Api").mayOnlyAccessLayers("Foundation")
        .whereLayer("Foundation").mayNotAccessAnyLayer()
        .check(PROVIDER);
  }

  /**
   * The caches and the transaction engine reach Redis only through {@code store.EntryStore}: none of them uses a
   * Jedis client or command (Jedis' exceptions they may recognize, as a client an application made may throw them).
   */
  @Test
  void cachesReachRedisOnlyThroughTheEntryStore() {
    noClasses().that().resideInAnyPackage("io.jcacheredis.cache..", "io.jcacheredis.transaction..")
        .should().dependOnClassesThat(resideInAPackage("redis.clients..")
            .and(not(resideInAPackage("redis.clients.jedis.exceptions.."))))
        .check(PROVIDER);
  }
}
