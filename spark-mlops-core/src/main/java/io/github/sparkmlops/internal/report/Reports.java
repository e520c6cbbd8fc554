package io.github.sparkmlops.internal.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkmlops.internal.run.ActiveRun;
import io.github.sparkmlops.internal.run.ApplicationRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Makes reports: the page of a query, and the page written to a file, recorded in the {@code
 * reports} table when the application reports to that store.
 */
public final class Reports {

  /** The report's JSON; {@link ReportPage#escape} makes it safe, and ASCII, for the page. */
  static final ObjectMapper JSON = new ObjectMapper();

  /** The {@code mlops} data source's class, in the spark-mlops-sql module. */
  private static final String DATA_SOURCE = "io.github.sparkmlops.sql.MLOpsSource";

  private Reports() {}

  /**
   * The page of {@code query}'s report.
   *
   * @throws IllegalArgumentException if the filters disagree or there is no store
   * @throws IllegalStateException if spark-mlops-sql (the {@code mlops} data source) is missing
   */
  public static String html(SparkSession spark, ReportQuery query) {
    query.validate();
    requireDataSource();
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
    if (Files.isDirectory(target)) {
      throw new IllegalArgumentException("The report's file " + target + " is a folder");
    }
    byte[] page = html(spark, query).getBytes(StandardCharsets.US_ASCII);
    try {
      Path parent = target.getParent();
      Files.createDirectories(parent);
      Path partial = Files.createTempFile(parent, ".report-", ".html.partial");
      try {
        Files.write(partial, page);
        readableByAll(partial);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the report to " + target + ": " + e, e);
    }
    Configuration hadoop = spark.sessionState().newHadoopConf();
    Optional<ApplicationRun> run = ActiveRun.active()
        .filter(r -> sameStore(hadoop, r.config().store().root(), query.store()));
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

  /**
   * Reading goes through the {@code mlops} data source of the spark-mlops-sql module.
   *
   * @throws IllegalStateException naming the module if it is not on the classpath
   */
  private static void requireDataSource() {
    try {
      Class.forName(DATA_SOURCE, false, Reports.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("A report reads the store through the mlops data source: "
          + "add spark-mlops-sql (or use the spark-mlops-assembly jar)", e);
    }
  }

  /**
   * A temporary file is its owner's alone; a report is for people (a CI artifact, a shared
   * folder), as a file the job wrote any other way would be.
   */
  private static void readableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      // a filesystem without POSIX modes keeps its own defaults
    }
  }

  /** Two spellings of one store root: {@code /x/store}, {@code file:/x/store/}. */
  private static boolean sameStore(Configuration hadoop, String a, String b) {
    try {
      org.apache.hadoop.fs.Path pa = new org.apache.hadoop.fs.Path(a);
      org.apache.hadoop.fs.Path pb = new org.apache.hadoop.fs.Path(b);
      return pa.getFileSystem(hadoop).makeQualified(pa)
          .equals(pb.getFileSystem(hadoop).makeQualified(pb));
    } catch (IOException | IllegalArgumentException e) {
      return a.equals(b);
    }
  }
}
