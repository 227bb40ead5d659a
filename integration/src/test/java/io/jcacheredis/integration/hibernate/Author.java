package io.jcacheredis.integration.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A cached entity with a cached collection. */
@Entity
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Author {

  @Id
  @GeneratedValue
  private Long id;

  private String name;

  @OneToMany(mappedBy = "author")
  @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
  private Set<Book> books = new LinkedHashSet<>();

  protected Author() {
  }

  public Author(String name) {
    this.name = name;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public Set<Book> getBooks() {
    return books;
  }

  /** Adds the book on both sides. */
  public Book write(String title) {
    Book book = new Book(title, this);
    books.add(book);
    return book;
  }
}
