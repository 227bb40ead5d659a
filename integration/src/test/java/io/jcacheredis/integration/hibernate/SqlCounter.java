package io.jcacheredis.integration.hibernate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/** Records every SQL statement Hibernate sends. */
public final class SqlCounter implements StatementInspector {

  private static final long serialVersionUID = 1L;

  private final List<String> statements = new CopyOnWriteArrayList<>();

  @Override
  public String inspect(String sql) {
    statements.add(sql);
    return sql;
  }

  public List<String> statements() {
    return List.copyOf(statements);
  }

  public void reset() {
    statements.clear();
  }
}
