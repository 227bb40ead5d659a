package io.jcacheredis.tck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Ratchet over the JCache TCK results, run in the {@code verify} phase after surefire
 * (which has {@code testFailureIgnore=true}).
 *
 * <p>Why it exists: every TCK test must run and be reported truthfully. The TCK's own
 * {@code ExcludeList} reports excluded tests as <em>passed</em> without running them, so it must not be
 * used to hide known failures. Instead, {@code tck/known-failures.txt} lists the tests still failing
 * ({@code fully.qualified.Class#method}, {@code #} comment lines) and this check fails the build if
 * a test fails that is not listed, if a listed test passes or did not run, or if no tests ran.
 * An empty or missing list means zero failures and zero errors are required.
 *
 * <p>Usage: {@code TckRatchet <surefire-reports dir> <known-failures file> [update]}; with
 * {@code update} = {@code true} the list is rewritten with the current failures instead of failing.
 */
public final class TckRatchet {

    private static final String DEFAULT_HEADER = String.join("\n",
            "# TCK tests still failing, one fully.qualified.ClassName#method per line; '#' starts a comment line.",
            "# Checked after the TCK run by io.jcacheredis.tck.TckRatchet (verify phase of tck/pom.xml):",
            "# the build fails on a failure not listed here, and on a listed test that passes or did not run.",
            "# Regenerate from the last run (sorted): mvn -B -f tck/pom.xml verify -Dtck.ratchet.update=true",
            "");

    /** Outcome of one test; a later constant wins when a test is reported more than once. */
    private enum Outcome { PASSED, SKIPPED, FAILED, ERROR }

    private int reportFiles;
    /**
     * Outcome per {@code class#method}. Surefire writes a second {@code <testcase>} for a test whose
     * body and {@code @After} both fail, so tests are counted by name, not by element.
     */
    private final Map<String, Outcome> outcomes = new TreeMap<>();
    private int run;
    private int failed;
    private int errors;
    private int skipped;
    private final Set<String> notPassing = new TreeSet<>();

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: TckRatchet <surefire-reports dir> <known-failures file> [update]");
        }
        boolean update = args.length > 2 && Boolean.parseBoolean(args[2].trim());
        List<String> problems = new TckRatchet().check(Path.of(args[0]), Path.of(args[1]), update);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("TCK ratchet failed: " + String.join("; ", problems));
        }
    }

    /** Returns the reasons to fail the build (empty when the ratchet holds). */
    List<String> check(Path reportsDir, Path knownFile, boolean update) throws Exception {
        readReports(reportsDir);
        outcomes.forEach((test, outcome) -> {
            run++;
            switch (outcome) {
                case ERROR -> { errors++; notPassing.add(test); }
                case FAILED -> { failed++; notPassing.add(test); }
                case SKIPPED -> skipped++;
                default -> { }
            }
        });
        Set<String> known = readKnown(knownFile);
        System.out.printf("TCK: %d run, %d failed, %d errors, %d skipped; ratchet: %d known failures%n",
                run, failed, errors, skipped, known.size());
        System.out.printf("(%d report files in %s; known failures from %s)%n", reportFiles, reportsDir, knownFile);

        List<String> problems = new ArrayList<>();
        if (reportFiles == 0 || run == 0) {
            problems.add(reportFiles == 0 ? "no TEST-*.xml reports in " + reportsDir : "zero tests ran");
            System.out.println("ERROR: " + problems.get(0));
            return problems;
        }
        Set<String> unexpected = new TreeSet<>(notPassing);
        unexpected.removeAll(known);
        Set<String> stale = new TreeSet<>(known);
        stale.removeAll(notPassing);

        if (update) {
            writeKnown(knownFile, notPassing);
            System.out.printf("Rewrote %s with %d failures (%d added, %d removed).%n",
                    knownFile, notPassing.size(), unexpected.size(), stale.size());
            return problems;
        }
        if (!unexpected.isEmpty()) {
            System.out.println("FAILING tests not in known-failures.txt (" + unexpected.size() + "):");
            unexpected.forEach(t -> System.out.println("  " + t));
            problems.add(unexpected.size() + " failing test(s) not in known-failures.txt");
        }
        if (!stale.isEmpty()) {
            System.out.println("Listed tests that now pass or did not run, remove from known-failures.txt ("
                    + stale.size() + "):");
            for (String t : stale) {
                Outcome outcome = outcomes.get(t);
                String why = outcome == null ? "did not run" : outcome == Outcome.SKIPPED ? "skipped" : "passes";
                System.out.println("  " + t + "   (" + why + ")");
            }
            problems.add(stale.size() + " listed test(s) pass or did not run: remove from known-failures.txt");
        }
        System.out.println(problems.isEmpty() ? "TCK ratchet OK." : "TCK ratchet FAILED (or run with -Dtck.ratchet.update=true).");
        return problems;
    }

    private void readReports(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return;
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "TEST-*.xml")) {
            for (Path file : files) {
                reportFiles++;
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

    private static Set<String> readKnown(Path file) throws IOException {
        Set<String> known = new TreeSet<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    known.add(entry);
                }
            }
        }
        return known;
    }

    /** Keeps the file's leading comment block (or writes the default one), then the sorted failures. */
    private static void writeKnown(Path file, Set<String> failures) throws IOException {
        StringBuilder out = new StringBuilder();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.strip().startsWith("#")) {
                    break;
                }
                out.append(line).append('\n');
            }
        }
        if (out.length() == 0) {
            out.append(DEFAULT_HEADER);
        }
        failures.forEach(t -> out.append(t).append('\n'));
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    }
}
