package io.jcacheredis.integration.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSR-107's annotations, run by Spring, on the provider. */
class Jsr107AnnotationsTest extends SpringCacheTestBase {

  @Test
  void cacheResultRunsOnceForTwoCalls() {
    String isbn = newIsbn();
    jsr107Books.find(isbn);

    assertEquals(Book.of(isbn), jsr107Books.find(isbn));
    assertEquals(1, jsr107Books.calls().of("find"));
  }

  @Test
  void cachePutStoresTheValueParameter() {
    String isbn = newIsbn();
    Book saved = new Book(isbn, "Saved", List.of("Someone"), LocalDate.of(2001, 1, 1));
    jsr107Books.save(isbn, saved);

    assertEquals(saved, jsr107Books.find(isbn));
    assertEquals(0, jsr107Books.calls().of("find"));
  }

  @Test
  void cacheRemoveMakesTheNextCallRun() {
    String isbn = newIsbn();
    jsr107Books.find(isbn);
    jsr107Books.remove(isbn);
    jsr107Books.find(isbn);

    assertEquals(2, jsr107Books.calls().of("find"));
  }

  @Test
  void cacheRemoveAllEmptiesTheCache() {
    String first = newIsbn();
    String second = newIsbn();
    jsr107Books.find(first);
    jsr107Books.find(second);
    jsr107Books.removeAll();
    jsr107Books.find(first);
    jsr107Books.find(second);

    assertEquals(4, jsr107Books.calls().of("find"));
  }
}
