package io.jcacheredis.cache;

import java.util.concurrent.Executor;
import javax.cache.CacheManager;

/** What a cache needs from the manager that owns it. */
public interface CacheOwner {

  CacheManager manager();

  /** Called once when the cache closes, so the manager forgets it and unregisters its MBeans. */
  void release(RedisCache<?, ?> cache);

  /** Runs asynchronous work such as {@code loadAll}. */
  Executor executor();
}
