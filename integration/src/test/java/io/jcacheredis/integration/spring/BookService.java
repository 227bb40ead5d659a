package io.jcacheredis.integration.spring;

import java.math.BigDecimal;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** Spring's caching annotations; {@link #calls()} counts the method bodies that ran. */
@Service
public class BookService {

  private final MethodCalls calls = new MethodCalls();

  /** The method bodies that ran. */
  public MethodCalls calls() {
    return calls;
  }

  @Cacheable("books")
  public Book find(String isbn) {
    calls.ran("find");
    return Book.of(isbn);
  }

  /** Takes 300 ms, so that concurrent callers overlap. */
  @Cacheable(cacheNames = "books", sync = true)
  public Book findSlowly(String isbn) throws InterruptedException {
    calls.ran("findSlowly");
    Thread.sleep(300);
    return Book.of(isbn);
  }

  @CachePut(cacheNames = "books", key = "#book.isbn()")
  public Book save(Book book) {
    calls.ran("save");
    return book;
  }

  @CacheEvict("books")
  public void evict(String isbn) {
    calls.ran("evict");
  }

  /** A cached null. */
  @Cacheable("missing")
  public Book findMissing(String isbn) {
    calls.ran("findMissing");
    return null;
  }

  /** Two parameters: the key is a SimpleKey of both. */
  @Cacheable("prices")
  public BigDecimal price(String isbn, int copies) {
    calls.ran("price");
    return new BigDecimal("9.99").multiply(BigDecimal.valueOf(copies));
  }
}
