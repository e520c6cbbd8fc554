package io.github.sparkmlops.internal.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.sparkmlops.internal.run.ActiveRun;
import io.github.sparkmlops.internal.run.ApplicationRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Makes reports: the page of a query, and the page written to a file, recorded in the {@code
 * reports} table when the application reports to that store.
 */
public final class Reports {

  /** ASCII-only JSON: every other character, lone surrogates included, as a {@code \\u} escape. */
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonGenerator.Feature.ESCAPE_NON_ASCII)
      .build();

  private Reports() {}

  /**
   * The page of {@code query}'s report.
   *
   * @throws IllegalArgumentException if the filters disagree or there is no store
   */
  public static String html(SparkSession spark, ReportQuery query) {
    query.validate();
    try {
      return ReportPage.html(JSON.writeValueAsString(new ReportData(spark, query, JSON).gather()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The report's data could not be written as JSON", e);
    }
  }

  /**
   * Writes {@code query}'s page to {@code file} through a temporary file beside it, so that a
   * reader never sees half a page, and records it in the store's {@code reports} table if an
   * unfinished run of this application reports to the same store.
   *
   * @return the file's absolute path
   */
  public static Path write(SparkSession spark, ReportQuery query, Path file) {
    Path target = file.toAbsolutePath().normalize();
    byte[] page = html(spark, query).getBytes(StandardCharsets.US_ASCII);
    try {
      Path parent = target.getParent();
      Files.createDirectories(parent);
      Path partial = Files.createTempFile(parent, ".report-", ".html.partial");
      try {
        Files.write(partial, page);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the report to " + target + ": " + e, e);
    }
    Optional<ApplicationRun> run = ActiveRun.active()
        .filter(r -> r.config().store().root().equals(query.store()));
    if (run.isPresent()) {
      try {
        run.get().sink().reportWritten(target.toString(), page.length, query.since(),
            query.until(), JSON.writeValueAsString(query.filters(JSON)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("The report's filters could not be written as JSON", e);
      }
    }
    return target;
  }
}
