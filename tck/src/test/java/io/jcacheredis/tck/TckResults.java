package io.jcacheredis.tck;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads the TCK's surefire reports after the run (verify phase; surefire itself has {@code testFailureIgnore}) and
 * fails the build unless every one of the expected number of tests, in the expected number of test classes, ran and
 * passed: 0 failures, 0 errors, 0 skipped. Counting tests and classes guards against a TCK class or test silently
 * dropping out of the run. Prints the counts.
 *
 * <p>Usage: {@code TckResults <surefire-reports dir> <expected test count> <expected class count>}.
 */
public final class TckResults {

  /** Outcome of one test; a later constant wins when a test is reported twice (body and @After both failing). */
  private enum Outcome { PASSED, SKIPPED, FAILED, ERROR }

  private final Map<String, Outcome> outcomes = new TreeMap<>();

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException(
          "usage: TckResults <surefire-reports dir> <expected test count> <expected class count>");
    }
    TckResults results = new TckResults();
    results.read(Path.of(args[0]));
    results.verify(Integer.parseInt(args[1].trim()), Integer.parseInt(args[2].trim()));
  }

  private void verify(int expected, int expectedClasses) {
    Set<String> classes = new TreeSet<>();
    outcomes.keySet().forEach(test -> classes.add(test.substring(0, test.indexOf('#'))));
    Map<Outcome, Integer> counts = new TreeMap<>();
    Set<String> notPassing = new TreeSet<>();
    outcomes.forEach((test, outcome) -> {
      counts.merge(outcome, 1, Integer::sum);
      if (outcome != Outcome.PASSED) {
        notPassing.add(test + "  (" + outcome + ")");
      }
    });
    System.out.printf("TCK: %d run in %d classes, %d failed, %d errors, %d skipped"
            + " (expected %d run in %d classes, all passing)%n",
        outcomes.size(), classes.size(), counts.getOrDefault(Outcome.FAILED, 0),
        counts.getOrDefault(Outcome.ERROR, 0), counts.getOrDefault(Outcome.SKIPPED, 0), expected, expectedClasses);
    notPassing.forEach(test -> System.out.println("  " + test));
    if (!notPassing.isEmpty() || outcomes.size() != expected || classes.size() != expectedClasses) {
      throw new IllegalStateException("TCK did not pass: " + notPassing.size() + " test(s) not passing, "
          + outcomes.size() + " of " + expected + " tests and " + classes.size() + " of " + expectedClasses
          + " classes ran (see tck/target/surefire-reports)");
    }
  }

  private void read(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("No surefire reports in " + dir + ": the TCK did not run");
    }
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    DocumentBuilder builder = factory.newDocumentBuilder();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "TEST-*.xml")) {
      for (Path file : files) {
        Element suite = builder.parse(file.toFile()).getDocumentElement();
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
          readTestCase((Element) cases.item(i), suite.getAttribute("name"));
        }
      }
    }
  }

  private void readTestCase(Element testcase, String suiteName) {
    String className = testcase.getAttribute("classname");
    String id = (className.isEmpty() ? suiteName : className) + "#" + testcase.getAttribute("name");
    Outcome outcome = Outcome.PASSED;
    for (Node child = testcase.getFirstChild(); child != null; child = child.getNextSibling()) {
      Outcome found = switch (child.getNodeName()) {
        case "error" -> Outcome.ERROR;
        case "failure" -> Outcome.FAILED;
        case "skipped" -> Outcome.SKIPPED;
        default -> Outcome.PASSED;
      };
      outcome = found.compareTo(outcome) > 0 ? found : outcome;
    }
    outcomes.merge(id, outcome, (a, b) -> a.compareTo(b) >= 0 ? a : b);
  }
}
