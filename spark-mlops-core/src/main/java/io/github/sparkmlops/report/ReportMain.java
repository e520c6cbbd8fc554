package io.github.sparkmlops.report;

import io.github.sparkmlops.internal.config.StoreRoot;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * Writes a store's HTML report from {@code spark-submit}, so that a person can render any store:
 *
 * <pre>{@code
 * spark-submit --class io.github.sparkmlops.report.ReportMain spark-mlops-assembly.jar \
 *   --store s3a://bucket/mlops --out report.html --mlapp churn --since 2026-12-01 --stat train.
 * }</pre>
 *
 * <p>Options: {@code --store} (default: {@code spark.mlops.store}, else the default store under
 * {@code spark.sql.warehouse.dir}), {@code --out} (a file on the driver's disk, default {@code
 * mlops-report.html}), and the
 * filters of {@link StoreReport}: {@code --mlapp}, {@code --since} and {@code --until} (an instant
 * such as {@code 2026-12-01T08:00:00Z} or a UTC date), {@code --stat} (a name prefix, repeatable),
 * {@code --model}. It prints the file's absolute path. A bad option (printed with the usage) or a
 * store that is not there exits with status 2.
 */
public final class ReportMain {

  static final String USAGE = "usage: ReportMain [--store PATH] [--out FILE] [--mlapp NAME] "
      + "[--since INSTANT|DATE] [--until INSTANT|DATE] [--stat PREFIX]... [--model NAME]";

  private ReportMain() {}

  /**
   * Runs the report; see the class comment for the options.
   *
   * @param args the options
   */
  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      fail(e.getMessage(), true);
      return;
    }
    SparkSession spark = SparkSession.builder().appName("spark-mlops report").getOrCreate();
    String refused = null;
    try {
      String store = options.store != null ? options.store
          : StoreRoot.resolve(Optional.empty(), key -> toJava(spark.conf().getOption(key)),
              spark.conf().get("spark.sql.warehouse.dir")).root();
      Path written = StoreReport.of(spark, store).mlapp(options.mlapp).since(options.since)
          .until(options.until).stats(options.stats.toArray(String[]::new)).model(options.model)
          .write(Path.of(options.out));
      System.out.println(written);
    } catch (IllegalArgumentException e) {
      refused = e.getMessage();
    } finally {
      spark.stop();
    }
    if (refused != null) {
      fail(refused, false);
    }
  }

  /** Says what is wrong (with the usage when the command line is) and exits with status 2. */
  private static void fail(String message, boolean usage) {
    System.err.println("error: " + message);
    if (usage) {
      System.err.println(USAGE);
    }
    System.exit(2);
  }

  private static Optional<String> toJava(Option<String> option) {
    return option.isDefined() ? Optional.of(option.get()) : Optional.empty();
  }

  /** The parsed command line. */
  static final class Options {
    String store;
    String out = "mlops-report.html";
    String mlapp;
    Instant since;
    Instant until;
    final List<String> stats = new ArrayList<>();
    String model;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag.startsWith("--") ? flag + " needs a value"
              : "unexpected argument '" + flag + "'");
        }
        String value = args[++i];
        switch (flag) {
          case "--store" -> o.store = value;
          case "--out" -> o.out = localFile(value);
          case "--mlapp" -> o.mlapp = value;
          case "--since" -> o.since = instant(flag, value);
          case "--until" -> o.until = instant(flag, value);
          case "--stat" -> o.stats.add(value);
          case "--model" -> o.model = value;
          default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
        }
      }
      return o;
    }

    /** The report is written on the driver's own disk: a URI there would name a folder "s3a:". */
    private static String localFile(String value) {
      if (value.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
        throw new IllegalArgumentException("--out is a file on the driver's local disk, not a URI "
            + "('" + value + "'): write it there, then copy it where it should go");
      }
      return value;
    }

    private static Instant instant(String flag, String value) {
      try {
        return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
            : Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(flag + " takes an instant (2026-12-01T08:00:00Z) or a "
            + "UTC date (2026-12-01), not '" + value + "'");
      }
    }
  }
}
