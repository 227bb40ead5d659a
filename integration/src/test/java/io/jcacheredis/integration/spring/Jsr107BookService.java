package io.jcacheredis.integration.spring;

import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import org.springframework.stereotype.Service;

/** The JSR-107 annotations, which Spring runs through spring-context-support. */
@Service
public class Jsr107BookService {

  private final MethodCalls calls = new MethodCalls();

  /** The method bodies that ran. */
  public MethodCalls calls() {
    return calls;
  }

  @CacheResult(cacheName = "jsr107-books")
  public Book find(String isbn) {
    calls.ran("find");
    return Book.of(isbn);
  }

  @CachePut(cacheName = "jsr107-books")
  public void save(String isbn, @CacheValue Book book) {
    calls.ran("save");
  }

  @CacheRemove(cacheName = "jsr107-books")
  public void remove(String isbn) {
    calls.ran("remove");
  }

  @CacheRemoveAll(cacheName = "jsr107-books")
  public void removeAll() {
    calls.ran("removeAll");
  }
}
