package io.jcacheredis.integration.spring;

import java.time.LocalDate;
import java.util.List;

/** An application record, cached as a value. */
public record Book(String isbn, String title, List<String> authors, LocalDate published) {

  /** The book the services "look up" for an ISBN. */
  static Book of(String isbn) {
    return new Book(isbn, "Title of " + isbn, List.of("Ursula K. Le Guin"), LocalDate.of(1974, 5, 1));
  }
}
