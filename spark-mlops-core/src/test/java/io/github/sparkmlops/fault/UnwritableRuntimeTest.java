package io.github.sparkmlops.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.TestJvm;
import io.github.sparkmlops.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A runtime that cannot write (a class the Kernel writer needs is missing, as on Spark 4.0 whose
 * Parquet is too old) says so once, in the log and in the report, instead of retrying for ever.
 */
class UnwritableRuntimeTest {

  @Test
  void aMissingWriterClassIsReportedOnceAndNotRetried() throws IOException, InterruptedException {
    Path store = TestSpark.newStoreRoot("unwritable");
    Process p = TestJvm.start(Map.of(), entry -> !entry.contains("parquet-hadoop"),
        NoParquetWriterMain.class, "768m", store.toString());
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(3, TimeUnit.MINUTES), out);
    assertEquals(0, p.exitValue(), out);

    Matcher seconds = Pattern.compile("FLUSH_SECONDS (\\d+)").matcher(out);
    assertTrue(seconds.find(), out);
    assertTrue(Long.parseLong(seconds.group(1)) < 60,
        "flush() returns once the writer is known broken, not at its 120 s timeout: " + out);
    for (String report : new String[] {"FLUSHED", "LATER", "DONE"}) {
      Matcher m = Pattern.compile(report + " FlushReport\\[acknowledged=3, written=0, pending=3, "
          + "dropped=0, failedAttempts=1, lastError=stats: spark-mlops cannot write to the store on "
          + "this runtime \\(not retried\\): java.lang.NoClassDefFoundError: org/apache/parquet/")
          .matcher(out);
      assertTrue(m.find(), report + ": one attempt, nothing retried: " + out);
    }
    long errors = out.lines()
        .filter(l -> l.contains("ERROR Flusher: spark-mlops cannot write to the store")).count();
    assertEquals(1, errors, "logged once as an error (done() then sums up what is pending): " + out);
    assertTrue(out.contains("Run on Spark 4.1 or 4.2"), "says what to do: " + out);
  }
}
