package io.github.sparkmlops.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ReportMain's command line: every option, dates and instants, and what it refuses. */
class ReportMainTest {

  @Test
  void everyOptionIsRead() {
    ReportMain.Options o = ReportMain.Options.parse(new String[] {"--store", "s3a://b/my store",
        "--out", "r.html", "--mlapp", "churn", "--since", "2026-12-01", "--until",
        "2026-12-06T12:30:00Z", "--stat", "train.", "--stat", "score.", "--model", "m"});
    assertEquals("s3a://b/my store", o.store);
    assertEquals("r.html", o.out);
    assertEquals("churn", o.mlapp);
    assertEquals(Instant.parse("2026-12-01T00:00:00Z"), o.since, "a date is its UTC midnight");
    assertEquals(Instant.parse("2026-12-06T12:30:00Z"), o.until);
    assertEquals(List.of("train.", "score."), o.stats);
    assertEquals("m", o.model);
  }

  @Test
  void theDefaultsAreTheConfiguredStoreAndAFileHere() {
    ReportMain.Options o = ReportMain.Options.parse(new String[0]);
    assertNull(o.store);
    assertEquals("mlops-report.html", o.out);
    assertEquals(List.of(), o.stats);
  }

  @Test
  void aBadCommandLineSaysWhatIsWrong() {
    assertEquals("unknown option '--stor'", refused("--stor", "x"));
    assertEquals("--out needs a value", refused("--out"));
    assertEquals("--out is a file on the driver's local disk, not a URI ('s3a://b/r.html'): "
        + "write it there, then copy it where it should go", refused("--out", "s3a://b/r.html"));
    assertEquals("unexpected argument 'report.html'", refused("report.html"));
    assertEquals("--since takes an instant (2026-12-01T08:00:00Z) or a UTC date (2026-12-01), "
        + "not 'yesterday'", refused("--since", "yesterday"));
  }

  private static String refused(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> ReportMain.Options.parse(args))
        .getMessage();
  }
}
