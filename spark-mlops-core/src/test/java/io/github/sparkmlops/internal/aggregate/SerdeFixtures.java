package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.internal.sketch.LogBucketSketch;
import io.github.sparkmlops.sketch.CategorySummary;
import io.github.sparkmlops.sketch.ContinuousSummary;
import io.github.sparkmlops.sketch.CountSummary;
import io.github.sparkmlops.sketch.VectorSummary;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The objects behind the fixture bytes in {@code src/test/resources/serde}, which {@link
 * SerdeTest} reads back. {@link #main} wrote the version-1 files once; run it again only when a
 * type gets a new format version, and keep every file already checked in: old bytes must stay
 * readable.
 */
final class SerdeFixtures {

  private SerdeFixtures() {}

  /** Negatives, a zero, positives: {@code (i - 3000) * 0.37} for i below 10,000. */
  static double value(int i) {
    return (i - 3000) * 0.37;
  }

  static CountSummary count() {
    CountSummary c = CountSummary.create();
    c.add(42);
    c.add(-2);
    return c;
  }

  static ContinuousSummary continuousFixed() {
    ContinuousSummary s = ContinuousSummary.withEdges(0, 1, 2, 5, 10);
    for (double d : new double[] {-3, 0, 0.5, 1, 4.9, 5, 10, Double.POSITIVE_INFINITY,
        Double.NaN}) {
      s.add(d);
    }
    return s;
  }

  static ContinuousSummary continuousAutomatic() {
    ContinuousSummary s = ContinuousSummary.automatic(20);
    for (int i = 0; i < 10_000; i++) {
      s.add(value(i));
    }
    s.add(Double.NaN);
    s.add(Double.NaN);
    s.add(Double.NaN);
    s.add(Double.NEGATIVE_INFINITY);
    return s;
  }

  static CategorySummary categoryExact() {
    CategorySummary s = CategorySummary.create(50, 5);
    s.add("red", 5);
    s.add("green", 3);
    s.add("blue");
    s.add("héllo wörld");
    s.add(null);
    return s;
  }

  /** 100,000 values in the frequent-items sketch: 30,000 each of three, 10,000 rare ones. */
  static CategorySummary categorySketch() {
    CategorySummary s = CategorySummary.create(50, 5);
    for (int i = 0; i < 100_000; i++) {
      s.add(i % 10 == 0 ? "rare" + i : "common" + (i % 3));
    }
    s.add(null);
    return s;
  }

  static VectorSummary vector() {
    VectorSummary s = VectorSummary.create();
    s.add(new double[] {1, 0, 2});
    s.add(new double[] {3, 0, -2});
    s.addSparse(3, new int[] {0}, new double[] {5});
    return s;
  }

  static LogBucketSketch logBucket() {
    LogBucketSketch s = new LogBucketSketch();
    for (int i = 0; i < 10_000; i++) {
      s.add(value(i));
    }
    s.add(Double.POSITIVE_INFINITY);
    return s;
  }

  static ExactCounts exactCounts() {
    ExactCounts c = new ExactCounts(100);
    c.add(UTF8String.fromString("short"), 3);
    c.add(UTF8String.fromString("longer than eight bytes"), 2);
    c.add(7, 4);
    c.add(7L, 5);
    c.add(true, 6);
    c.add(2.5, 1);
    c.add(Decimal.apply(new BigDecimal("12.340"), 10, 3), 8);
    return c;
  }

  static ElementSummary element() {
    ElementSummary s = ElementSummary.create();
    for (int i = 0; i < 100; i++) {
      s.add(i % 10 == 0 ? null : (Object) (double) i);
    }
    return s;
  }

  /**
   * Six columns: continuous (with NaN and an infinity), an integral one profiled as categorical,
   * strings counted exactly, strings in sketches (1,500 distinct), vectors, and other.
   */
  static ProfileBuffer profile() {
    ProfileBuffer.Numeric continuous = new ProfileBuffer.Numeric(20, 0);
    for (int i = 0; i < 10_000; i++) {
      continuous.add(value(i));
    }
    continuous.add(Double.NaN);
    continuous.add(Double.POSITIVE_INFINITY);
    ProfileBuffer.Numeric small = new ProfileBuffer.Numeric(20, 20);
    for (int i = 0; i < 700; i++) {
      small.add(i % 7);
    }
    ProfileBuffer.Categorical exact = new ProfileBuffer.Categorical(20, true);
    for (String s : new String[] {"a", "bb", "bb", "ccc", "ccc", "ccc"}) {
      exact.add(UTF8String.fromString(s));
    }
    ProfileBuffer.Categorical sketched = new ProfileBuffer.Categorical(20, true);
    for (int i = 0; i < 3_000; i++) {
      sketched.add(UTF8String.fromString("v" + i % 1_500));
    }
    ProfileBuffer.Vectors vectors = new ProfileBuffer.Vectors();
    vectors.add(new double[] {1, 2});
    vectors.add(new double[] {3, -2});
    ProfileBuffer.Other other = new ProfileBuffer.Other();
    for (int i = 0; i < 5; i++) {
      other.add();
    }
    ProfileBuffer buffer = new ProfileBuffer(new ProfileBuffer.Column[] {
      continuous, small, exact, sketched, vectors, other});
    buffer.countRows(10_010);
    return buffer;
  }

  /** The names of {@link #profileResult()}'s columns: a space, and a character beyond ASCII. */
  static final List<String> RESULT_COLUMNS = List.of("unit price \u20ac", "size");

  /** A profile as {@code DataProfiler.column()} returns it: a continuous and a categorical column. */
  static ProfileResult profileResult() {
    ProfileBuffer.Numeric price = new ProfileBuffer.Numeric(4, 0);
    for (int i = 0; i < 8; i++) {
      price.add(i * 0.5);
    }
    ProfileBuffer.Categorical size = new ProfileBuffer.Categorical(20, true);
    for (String s : new String[] {"S", "M", "M", "L", "L", "L"}) {
      size.add(UTF8String.fromString(s));
    }
    ProfileBuffer buffer = new ProfileBuffer(new ProfileBuffer.Column[] {price, size});
    buffer.countRows(9);
    return ProfileResult.of(RESULT_COLUMNS, buffer);
  }

  /**
   * A profile of format version 2: a year column centred on 2003 (with a zero, NaN and an
   * infinity), the same values uncentred, and strings.
   */
  static ProfileBuffer profileCentred() {
    ProfileBuffer.Numeric centred = new ProfileBuffer.Numeric(20, 0, 2003);
    ProfileBuffer.Numeric plain = new ProfileBuffer.Numeric(20, 0);
    for (int i = 0; i < 1_000; i++) {
      double year = 1990 + (i * 7919 % 1_000) * 0.03;
      centred.add(year);
      plain.add(year);
    }
    for (double v : new double[] {0.0, Double.NaN, Double.POSITIVE_INFINITY}) {
      centred.add(v);
      plain.add(v);
    }
    ProfileBuffer.Categorical names = new ProfileBuffer.Categorical(20, true);
    for (String s : new String[] {"x", "y", "y"}) {
      names.add(UTF8String.fromString(s));
    }
    ProfileBuffer buffer = new ProfileBuffer(new ProfileBuffer.Column[] {centred, plain, names});
    buffer.countRows(1_004);
    return buffer;
  }

  /** Each fixture's file name and its bytes, as this code writes them. */
  static Map<String, byte[]> all() {
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put("count-v1.bin", count().toBytes());
    out.put("continuous-fixed-v1.bin", continuousFixed().toBytes());
    out.put("continuous-automatic-v1.bin", continuousAutomatic().toBytes());
    out.put("category-exact-v1.bin", categoryExact().toBytes());
    out.put("category-sketch-v1.bin", categorySketch().toBytes());
    out.put("vector-v1.bin", vector().toBytes());
    out.put("log-bucket-v1.bin", logBucket().toBytes());
    out.put("exact-counts-v1.bin", exactCounts().toBytes());
    out.put("element-v1.bin", element().toBytes());
    out.put("profile-v1.bin", profile().toBytes());
    out.put("profile-v2.bin", profileCentred().toBytes());
    out.put("profile-result-v1.bin", profileResult().toBytes());
    return out;
  }

  /** Writes the fixtures into the directory given (src/test/resources/serde), never over one. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> e : all().entrySet()) {
      Path file = dir.resolve(e.getKey());
      if (Files.exists(file)) {
        System.out.println("kept " + file);
      } else {
        Files.write(file, e.getValue());
        System.out.println("wrote " + file);
      }
    }
  }
}
