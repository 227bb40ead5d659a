package io.jcacheredis.integration.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcacheredis.TestRedis;
import io.jcacheredis.integration.EmbeddedRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.cache.CacheManager;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hibernate ORM's second-level cache on the provider, set up by {@code hibernate.properties} alone (the README's
 * "Hibernate" section): entities, a collection, the query cache and its timestamps region live in Redis.
 */
@ExtendWith(EmbeddedRedis.class)
@Timeout(60)
class SecondLevelCacheTest {

  private static final SqlCounter SQL = new SqlCounter();
  private static SessionFactory sessionFactory;
  private static Statistics statistics;

  @BeforeAll
  static void openSessionFactory() {
    open("drop-and-create");
  }

  /** A SessionFactory on the test database, whose schema action is {@code ddl}. */
  private static void open(String ddl) {
    // The cache settings come from hibernate.properties; these are the test database's.
    StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
        .applySetting(AvailableSettings.JAKARTA_JDBC_URL, "jdbc:h2:mem:l2;DB_CLOSE_DELAY=-1")
        .applySetting(AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, ddl)
        .applySetting(AvailableSettings.GENERATE_STATISTICS, true)
        .applySetting(AvailableSettings.STATEMENT_INSPECTOR, SQL)
        .build();
    sessionFactory = new MetadataSources(registry).addAnnotatedClass(Author.class).addAnnotatedClass(Book.class)
        .buildMetadata().buildSessionFactory();
    statistics = sessionFactory.getStatistics();
  }

  @AfterAll
  static void closeSessionFactory() {
    sessionFactory.close();
  }

  @BeforeEach
  void emptyCaches() {
    sessionFactory.getCache().evictAllRegions();
    statistics.clear();
    SQL.reset();
  }

  private static long newAuthor(String name, String... titles) {
    return sessionFactory.fromTransaction(session -> {
      Author author = new Author(name);
      session.persist(author);
      for (String title : titles) {
        session.persist(author.write(title));
      }
      return author.getId();
    });
  }

  /** A new author with one book; the book's id. */
  private static long newBook(String authorName, String title) {
    return sessionFactory.fromTransaction(session -> {
      Author author = new Author(authorName);
      session.persist(author);
      Book book = author.write(title);
      session.persist(book);
      return book.getId();
    });
  }

  private static Set<String> titlesOf(Session session, long authorId) {
    Set<String> titles = new TreeSet<>();
    session.find(Author.class, authorId).getBooks().forEach(book -> titles.add(book.getTitle()));
    return titles;
  }

  @Test
  void secondSessionReadsEntitiesAndCollectionWithoutSql() {
    long authorId = newAuthor("Le Guin", "The Dispossessed", "The Lathe of Heaven");
    assertEquals(Set.of("The Dispossessed", "The Lathe of Heaven"),
        sessionFactory.fromSession(session -> titlesOf(session, authorId)));

    SQL.reset();
    statistics.clear();
    Set<String> titles = sessionFactory.fromSession(session -> titlesOf(session, authorId));

    assertEquals(Set.of("The Dispossessed", "The Lathe of Heaven"), titles);
    assertEquals(List.of(), SQL.statements(), "the second session is served by the second-level cache");
    assertEquals(4, statistics.getSecondLevelCacheHitCount(), "the author, its books collection and two books");
    assertEquals(0, statistics.getSecondLevelCacheMissCount());
    assertFalse(TestRedis.keys(EmbeddedRedis.PREFIX + ":" + Author.class.getName() + ":*").isEmpty());
    assertFalse(TestRedis.keys(EmbeddedRedis.PREFIX + ":" + Author.class.getName() + ".books:*").isEmpty());
    assertFalse(TestRedis.keys(EmbeddedRedis.PREFIX + ":" + Book.class.getName() + ":*").isEmpty());
  }

  @Test
  void entryBeingUpdatedIsReadFromTheDatabaseAndTheUpdateFromTheCache() {
    long bookId = newBook("Herbert", "Dune");
    assertEquals("Dune", sessionFactory.fromSession(session -> session.find(Book.class, bookId).getTitle()));

    try (Session writer = sessionFactory.openSession()) {
      Transaction transaction = writer.beginTransaction();
      writer.find(Book.class, bookId).setTitle("Dune Messiah");
      writer.flush();
      SQL.reset();
      assertEquals("Dune", sessionFactory.fromSession(session -> session.find(Book.class, bookId).getTitle()),
          "while the update is not committed, readers see the committed title");
      assertFalse(SQL.statements().isEmpty(), "the cached entry is locked: the reader went to the database");
      transaction.commit();
    }

    SQL.reset();
    statistics.clear();
    assertEquals("Dune Messiah", sessionFactory.fromSession(session -> session.find(Book.class, bookId).getTitle()));
    assertEquals(List.of(), SQL.statements(), "the committed update is in the cache");
    assertEquals(1, statistics.getSecondLevelCacheHitCount());
  }

  @Test
  void queryCacheIsInvalidatedByAnInsert() {
    long authorId = newAuthor("Banks", "Consider Phlebas");
    assertEquals(List.of("Consider Phlebas"), cachedQuery(authorId));
    SQL.reset();
    statistics.clear();
    assertEquals(List.of("Consider Phlebas"), cachedQuery(authorId));
    assertEquals(List.of(), SQL.statements(), "the query and its entities come from the cache");
    assertEquals(1, statistics.getQueryCacheHitCount());

    sessionFactory.inTransaction(session -> session.persist(session.find(Author.class, authorId)
        .write("The Player of Games")));
    assertTrue(statistics.getUpdateTimestampsCachePutCount() > 0, "the insert marked the table as changed");
    assertFalse(TestRedis.keys(EmbeddedRedis.PREFIX + ":default-update-timestamps-region:*").isEmpty());

    SQL.reset();
    assertEquals(List.of("Consider Phlebas", "The Player of Games"), cachedQuery(authorId));
    assertFalse(SQL.statements().isEmpty(), "the cached result was stale and the query ran again");
  }

  private static List<String> cachedQuery(long authorId) {
    return sessionFactory.fromSession(session -> session
        .createSelectionQuery("from Book b where b.author.id = :author order by b.title", Book.class)
        .setParameter("author", authorId)
        .setCacheable(true)
        .getResultList().stream().map(Book::getTitle).toList());
  }

  @Test
  void regionStatisticsReachMicrometer() {
    MeterRegistry registry = new SimpleMeterRegistry();
    JCacheMetrics.monitor(registry, regionFactory().getCacheManager().getCache(Book.class.getName()));
    // The region's statistics count since its manager opened: compare with what they were.
    double puts = registry.get("cache.puts").functionCounter().count();
    double hits = registry.get("cache.gets").tag("result", "hit").functionCounter().count();
    double misses = registry.get("cache.gets").tag("result", "miss").functionCounter().count();
    double removals = registry.get("cache.removals").gauge().value();

    long bookId = newBook("Tolkien", "The Hobbit");
    assertEquals(puts + 1, registry.get("cache.puts").functionCounter().count(), "the insert put the book");
    sessionFactory.inSession(session -> session.find(Book.class, bookId));
    assertEquals(hits + 1, registry.get("cache.gets").tag("result", "hit").functionCounter().count());
    sessionFactory.getCache().evictEntityData(Book.class, bookId);
    assertEquals(removals + 1, registry.get("cache.removals").gauge().value(), "the eviction removed it");
    sessionFactory.inSession(session -> session.find(Book.class, bookId));
    assertTrue(registry.get("cache.gets").tag("result", "miss").functionCounter().count() > misses);
    assertEquals(puts + 2, registry.get("cache.puts").functionCounter().count(), "the load put it back");
  }

  @Test
  void aNewSessionFactoryReadsWhatThePreviousOneCached() {
    long authorId = newAuthor("Pratchett", "Mort", "Small Gods");
    assertEquals(Set.of("Mort", "Small Gods"), sessionFactory.fromSession(session -> titlesOf(session, authorId)));
    CacheManager previous = regionFactory().getCacheManager();
    sessionFactory.close();
    assertTrue(previous.isClosed(), "closing the SessionFactory closed its CacheManager");

    open("none");
    assertNotSame(previous, regionFactory().getCacheManager());
    SQL.reset();
    assertEquals(Set.of("Mort", "Small Gods"), sessionFactory.fromSession(session -> titlesOf(session, authorId)));
    assertEquals(List.of(), SQL.statements(), "served by what the previous SessionFactory cached");
  }

  private static JCacheRegionFactory regionFactory() {
    return (JCacheRegionFactory) sessionFactory.unwrap(SessionFactoryImplementor.class).getServiceRegistry()
        .requireService(RegionFactory.class);
  }
}
