package io.jcacheredis.integration.spring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** How often each method of a service really ran (not served by the cache). */
public class MethodCalls {

  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  void ran(String method) {
    calls.computeIfAbsent(method, name -> new AtomicInteger()).incrementAndGet();
  }

  public int of(String method) {
    AtomicInteger count = calls.get(method);
    return count == null ? 0 : count.get();
  }

  public void reset() {
    calls.clear();
  }
}
