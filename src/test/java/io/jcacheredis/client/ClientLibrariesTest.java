package io.jcacheredis.client;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The versions of Jedis and commons-pool2 the provider refuses, and what it tells the user to change. */
class ClientLibrariesTest {

  @Test
  void springBootsManagedVersionsAreRefusedNamingThePropertiesToSet() {
    String problem = ClientLibraries.problem("7.0.0", "2.12.1");
    assertTrue(problem.contains("Jedis 7.0.0") && problem.contains("jedis.version"), problem);
    assertTrue(problem.contains("commons-pool2 2.12.1") && problem.contains("commons-pool2.version"), problem);
    assertTrue(problem.contains("Spring Boot"), problem);
  }

  @Test
  void theBuiltOnVersionsAndNewerPoolsPass() {
    assertNull(ClientLibraries.problem("8.0.2", "2.13.1"));
    assertNull(ClientLibraries.problem("8.1.0-SNAPSHOT", "2.14.0"));
    assertNull(ClientLibraries.problem(null, null), "unknown versions are not guessed at");
    assertTrue(ClientLibraries.problem("9.0.0", "2.13.1").contains("Jedis 9.0.0"));
  }

  @Test
  void theClassPathOfTheseTestsPasses() {
    ClientLibraries.require();
  }
}
