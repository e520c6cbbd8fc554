package io.github.sparkmlops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The rules of the house, checked on a module's compiled classes: no package cycles, and a public
 * API that is listed in the module's {@code api/public-api.txt}, names no internal, Kernel, Hadoop
 * or shaded type, and changes only with that listing (so a change of the API shows in review).
 */
public final class HouseRules {

  /** Types that must not appear in a public signature. */
  private static final List<String> FORBIDDEN = List.of(".internal.", "io.delta.", ".shaded.",
      "org.apache.hadoop.", "com.fasterxml.");

  private HouseRules() {}

  /** Fails if the packages of the classes compiled next to {@code anchor} depend on each other in a cycle. */
  public static void assertNoPackageCycles(Class<?> anchor) {
    SlicesRuleDefinition.slices()
        .assignedFrom(new SliceAssignment() {
          @Override
          public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return javaClass.getPackageName().startsWith("io.github.sparkmlops")
                ? SliceIdentifier.of(javaClass.getPackageName())
                : SliceIdentifier.ignore();
          }

          @Override
          public String getDescription() {
            return "one slice per package of io.github.sparkmlops";
          }
        })
        .should().beFreeOfCycles()
        .check(classesOf(anchor));
  }

  /**
   * Compares the public API of the classes compiled next to {@code anchor} with the module's
   * checked-in {@code api/public-api.txt}. With {@code -Dapi.update=true} it rewrites the listing
   * instead; otherwise a difference fails, and the current listing is left in {@code
   * target/public-api.txt} to review and copy.
   */
  public static void assertApiListed(Class<?> anchor) {
    List<String> listing = publicApi(anchor);
    List<String> leaks = listing.stream()
        .filter(line -> FORBIDDEN.stream().anyMatch(line::contains)).toList();
    assertEquals(List.of(), leaks, "public signatures that name internal or dependency types");
    Path checkedIn = Paths.get("api", "public-api.txt");
    String text = String.join("\n", listing) + "\n";
    try {
      if (Boolean.getBoolean("api.update")) {
        Files.createDirectories(checkedIn.getParent());
        Files.writeString(checkedIn, text, StandardCharsets.UTF_8);
        return;
      }
      Path current = Paths.get("target", "public-api.txt");
      Files.createDirectories(current.getParent());
      Files.writeString(current, text, StandardCharsets.UTF_8);
      assertTrue(Files.exists(checkedIn), "no " + checkedIn.toAbsolutePath()
          + ": run the tests with -Dapi.update=true to create it");
      List<String> expected = Files.readAllLines(checkedIn, StandardCharsets.UTF_8);
      List<String> added = new ArrayList<>(listing);
      added.removeAll(expected);
      List<String> removed = new ArrayList<>(expected);
      removed.removeAll(listing);
      assertTrue(added.isEmpty() && removed.isEmpty(), "The public API changed. Added:\n  "
          + String.join("\n  ", added) + "\nRemoved:\n  " + String.join("\n  ", removed)
          + "\nIf that is intended, run the tests with -Dapi.update=true (or copy "
          + current.toAbsolutePath() + " over " + checkedIn + ") and commit the listing.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line per public type and per public or protected member, sorted. */
  static List<String> publicApi(Class<?> anchor) {
    List<String> lines = new ArrayList<>();
    for (String name : classNames(anchor)) {
      Class<?> type;
      try {
        type = Class.forName(name, false, anchor.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      if (!isApi(type)) {
        continue;
      }
      lines.add(header(type));
      Stream.<Member>concat(Stream.concat(Arrays.stream(type.getDeclaredConstructors()),
              Arrays.stream(type.getDeclaredMethods())), Arrays.stream(type.getDeclaredFields()))
          .filter(m -> !m.isSynthetic() && !(m instanceof Method method && method.isBridge()))
          .filter(m -> Modifier.isPublic(m.getModifiers())
              || Modifier.isProtected(m.getModifiers()) && !Modifier.isFinal(type.getModifiers()))
          .map(m -> "  " + type.getName() + " " + signature(m))
          .forEach(lines::add);
    }
    return lines.stream().sorted().collect(Collectors.toList());
  }

  private static boolean isApi(Class<?> type) {
    if (type.getPackageName().contains(".internal") || type.isAnonymousClass()
        || type.isLocalClass() || type.isSynthetic()) {
      return false;
    }
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      if (!Modifier.isPublic(c.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static String header(Class<?> type) {
    StringBuilder b = new StringBuilder(type.getName()).append(":");
    b.append(" ").append(Modifier.toString(type.getModifiers()
        & (Modifier.ABSTRACT | Modifier.FINAL | Modifier.STATIC | Modifier.INTERFACE)));
    if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class) {
      b.append(" extends ").append(type.getGenericSuperclass().getTypeName());
    }
    if (type.getGenericInterfaces().length > 0) {
      b.append(" implements ").append(Arrays.stream(type.getGenericInterfaces())
          .map(java.lang.reflect.Type::getTypeName).collect(Collectors.joining(", ")));
    }
    return b.toString();
  }

  private static String signature(Member m) {
    if (m instanceof Field f) {
      return f.toGenericString();
    }
    String s = ((Executable) m).toGenericString();
    // a constructor's generic string names the class twice; the member's own part is enough
    return m instanceof Constructor<?> ? "<init>" + s.substring(s.indexOf('(')) : s;
  }

  private static List<String> classNames(Class<?> anchor) {
    Path root = location(anchor);
    try (Stream<Path> files = Files.walk(root)) {
      return files.map(p -> root.relativize(p).toString())
          .filter(p -> p.endsWith(".class") && !p.equals("module-info.class")
              && !p.endsWith("package-info.class"))
          .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JavaClasses classesOf(Class<?> anchor) {
    return new ClassFileImporter().importLocations(
        List.of(Location.of(location(anchor))));
  }

  /** The classes directory {@code anchor} was loaded from (a module's target/classes). */
  private static Path location(Class<?> anchor) {
    try {
      Path path = Paths.get(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isDirectory(path)) {
        throw new IllegalStateException(anchor + " was not loaded from a classes directory: " + path);
      }
      return path;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
