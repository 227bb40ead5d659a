package io.jcacheredis.learned;

import java.math.BigDecimal;
import java.util.List;

/** An application record, with records of its own inside a list. */
public record Invoice(String number, BigDecimal total, List<Line> lines) {

  /** One line of an invoice. */
  public record Line(String item, int quantity) {
  }
}
