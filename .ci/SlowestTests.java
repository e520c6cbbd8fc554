import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Prints the ten slowest test cases and the ten slowest test classes of the last build, from the
 * Surefire and Failsafe reports under the repository (run by .ci/run after `mvn verify`, pass or
 * fail), so that the suite's time stays visible as it grows. Usage: java .ci/SlowestTests.java [root]
 */
public final class SlowestTests {

  private record Timed(String name, double seconds) {}

  public static void main(String[] args) throws Exception {
    Path root = Paths.get(args.length > 0 ? args[0] : ".");
    List<Timed> cases = new ArrayList<>();
    List<Timed> classes = new ArrayList<>();
    List<Path> reports;
    try (Stream<Path> files = Files.walk(root)) {
      reports = files.filter(SlowestTests::isReport).toList();
    }
    for (Path report : reports) {
      read(report, root, cases, classes);
    }
    print("test cases", cases);
    print("test classes (with their setup)", classes);
  }

  private static boolean isReport(Path p) {
    String parent = p.getParent() == null ? "" : p.getParent().getFileName().toString();
    String name = p.getFileName().toString();
    return (parent.startsWith("surefire-reports") || parent.equals("failsafe-reports"))
        && name.startsWith("TEST-") && name.endsWith(".xml");
  }

  private static void read(Path report, Path root, List<Timed> cases, List<Timed> classes)
      throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    Element suite = factory.newDocumentBuilder().parse(report.toFile()).getDocumentElement();
    // The module the report belongs to: its folder under the root, before target/.
    String module = root.relativize(report).getName(0).toString();
    classes.add(new Timed(module + ": " + suite.getAttribute("name"), seconds(suite)));
    NodeList tests = suite.getElementsByTagName("testcase");
    for (int i = 0; i < tests.getLength(); i++) {
      Element test = (Element) tests.item(i);
      cases.add(new Timed(module + ": " + simpleName(test.getAttribute("classname")) + "."
          + test.getAttribute("name"), seconds(test)));
    }
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  private static double seconds(Element e) {
    try {
      return Double.parseDouble(e.getAttribute("time").replace(",", ""));
    } catch (NumberFormatException notANumber) {
      return 0;
    }
  }

  private static void print(String what, List<Timed> timed) {
    System.out.println("Slowest ten " + what + ":");
    timed.stream().sorted(Comparator.comparingDouble(Timed::seconds).reversed()).limit(10)
        .forEach(t -> System.out.printf(Locale.ROOT, "%9.1f s  %s%n", t.seconds(), t.name()));
  }
}
