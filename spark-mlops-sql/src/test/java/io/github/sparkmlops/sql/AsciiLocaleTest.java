package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.sparkmlops.TestJvm;
import io.github.sparkmlops.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On a JVM started without a UTF-8 locale (no LANG or LC_ALL: env -i, many containers), whose
 * file names are ASCII, a local store path that ASCII cannot hold is refused where it is given,
 * naming the encoding and what to set; a store path of ASCII characters works.
 */
// the child's output is read to its end, which a hung child never gives: a thread of its own
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsciiLocaleTest {

  @Test
  void aStorePathTheJvmCannotNameIsRefusedAtInitAndAtTheRead() throws Exception {
    Path parent = TestSpark.newStoreRoot("ascii locale").getParent();
    Process p = TestJvm.start(Map.of("LC_ALL", "C", "LANG", "C"), AsciiLocaleMain.class, "1g",
        parent.toString());
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(3, TimeUnit.MINUTES), out);
    assertEquals(0, p.exitValue(), out);

    Matcher encoding = Pattern.compile("ENCODING (\\S+)").matcher(out);
    assertTrue(encoding.find(), out);
    // Linux takes it from the locale (C: ASCII, "ANSI_X3.4-1968"); macOS always names files in UTF-8
    assumeFalse(encoding.group(1).equals("UTF-8"), "this platform names files in UTF-8 whatever "
        + "the locale: there is nothing to refuse");
    for (String[] refusal : new String[][] {{"INIT", "spark.mlops.store"}, {"READ", "Option 'store'"}}) {
      Matcher m = Pattern.compile(refusal[0] + " refused: (.*)").matcher(out);
      assertTrue(m.find(), refusal[0] + " refused: " + out);
      String message = m.group(1);
      for (String part : new String[] {refusal[1], encoding.group(1), "sun.jnu.encoding",
          "LC_ALL=C.UTF-8", "LANG=C.UTF-8"}) {
        assertTrue(message.contains(part), "names " + part + ": " + message);
      }
    }
    try (Stream<Path> entries = Files.list(parent)) {
      assertEquals(List.of("store"), entries.map(e -> e.getFileName().toString()).toList(),
          "nothing was made for the refused store, only the ASCII one");
    }
    assertTrue(out.contains("ASCII FlushReport[acknowledged=1, written=1, pending=0"), out);
    assertTrue(out.contains("ASCII rows 1"), out);
  }
}
