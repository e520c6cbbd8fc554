package io.github.sparkmlops.internal.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.internal.sketch.LogBucketSketch;
import io.github.sparkmlops.profile.ColumnKind;
import io.github.sparkmlops.profile.ColumnProfile;
import io.github.sparkmlops.profile.DataProfile;
import io.github.sparkmlops.sketch.CategorySummary;
import io.github.sparkmlops.sketch.ContinuousSummary;
import io.github.sparkmlops.sketch.CountSummary;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.sketch.VectorSummary;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.NumberValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * The versioned formats: fixture bytes checked in under {@code src/test/resources/serde} (written
 * once by {@link SerdeFixtures}) must keep reading back to the same content, whatever the code
 * becomes; encodings round-trip; bad versions, truncated and garbled bytes are refused.
 */
class SerdeTest {

  /** Every fixture file and the decoder that reads it. */
  private static final Map<String, Function<byte[], ?>> DECODERS = decoders();

  private static Map<String, Function<byte[], ?>> decoders() {
    Map<String, Function<byte[], ?>> d = new LinkedHashMap<>();
    d.put("count-v1.bin", CountSummary::fromBytes);
    d.put("continuous-fixed-v1.bin", ContinuousSummary::fromBytes);
    d.put("continuous-automatic-v1.bin", ContinuousSummary::fromBytes);
    d.put("category-exact-v1.bin", CategorySummary::fromBytes);
    d.put("category-sketch-v1.bin", CategorySummary::fromBytes);
    d.put("vector-v1.bin", VectorSummary::fromBytes);
    d.put("log-bucket-v1.bin", LogBucketSketch::fromBytes);
    d.put("exact-counts-v1.bin", ExactCounts::fromBytes);
    d.put("element-v1.bin", ElementSummary::fromBytes);
    d.put("profile-v1.bin", ProfileBuffer::fromBytes);
    d.put("profile-v2.bin", ProfileBuffer::fromBytes);
    d.put("profile-result-v1.bin", ProfileResult::fromBytes);
    return d;
  }

  private static byte[] fixture(String file) {
    try (InputStream in = SerdeTest.class.getResourceAsStream("/serde/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checks the fixture's content, then that of its decoded value encoded and decoded again. */
  private static <T> void check(String file, Function<byte[], T> fromBytes,
      Function<T, byte[]> toBytes, Consumer<T> content) {
    T decoded = fromBytes.apply(fixture(file));
    content.accept(decoded);
    content.accept(fromBytes.apply(toBytes.apply(decoded)));
  }

  @Test
  void countFixture() {
    check("count-v1.bin", CountSummary::fromBytes, CountSummary::toBytes,
        c -> assertEquals(40, c.count()));
  }

  @Test
  void fixedEdgesFixture() {
    check("continuous-fixed-v1.bin", ContinuousSummary::fromBytes, ContinuousSummary::toBytes,
        s -> {
          assertEquals(9, s.count());
          assertEquals(1, s.nanCount());
          Histogram h = s.histogram();
          assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 0, 1, 2, 5, 10,
              Double.POSITIVE_INFINITY}, h.edges());
          assertArrayEquals(new double[] {1, 2, 1, 1, 1, 2}, h.counts());
          ContinuousSummary other = ContinuousSummary.withEdges(0, 1, 2, 5, 10);
          other.add(1.5);
          ContinuousSummary merged = s.copy();
          merged.merge(other); // the edges came back as they were, or this would throw
          assertEquals(2, merged.histogram().counts()[2]);
        });
  }

  @Test
  void automaticFixture() {
    Histogram expected = SerdeFixtures.continuousAutomatic().histogram();
    check("continuous-automatic-v1.bin", ContinuousSummary::fromBytes, ContinuousSummary::toBytes,
        s -> {
          assertEquals(10_004, s.count());
          assertEquals(3, s.nanCount());
          Histogram h = s.histogram();
          assertEquals(22, h.edges().length, "20 bins and one for -Infinity");
          assertEquals(Double.NEGATIVE_INFINITY, h.edges()[0]);
          assertEquals(SerdeFixtures.value(9_999), h.edges()[21], "the largest value, exact");
          assertEquals(1, h.counts()[0]);
          assertEquals(10_001, Arrays.stream(h.counts()).sum());
          assertEquals(expected, h);
        });
  }

  @Test
  void categoryFixtures() {
    check("category-exact-v1.bin", CategorySummary::fromBytes, CategorySummary::toBytes, s -> {
      assertTrue(s.isExact());
      assertEquals(11, s.count());
      assertEquals(1, s.missingCount());
      assertEquals(Map.of("red", 5L, "green", 3L, "blue", 1L, "héllo wörld", 1L), s.counts());
    });
    check("category-sketch-v1.bin", CategorySummary::fromBytes, CategorySummary::toBytes, s -> {
      assertFalse(s.isExact());
      assertEquals(100_001, s.count());
      assertEquals(1, s.missingCount());
      List<String> top = new ArrayList<>(s.counts().keySet()).subList(0, 3);
      assertEquals(List.of("common0", "common1", "common2"), top.stream().sorted().toList());
      for (String label : top) {
        long estimate = s.counts().get(label);
        assertTrue(estimate >= 30_000 && estimate <= 40_000, label + ": " + estimate);
      }
      Histogram h = s.histogram();
      assertEquals(6, h.labels().size(), "5 shown plus __other__");
      assertEquals(100_000, (long) Arrays.stream(h.counts()).sum());
    });
  }

  @Test
  void vectorFixture() {
    check("vector-v1.bin", VectorSummary::fromBytes, VectorSummary::toBytes, s -> {
      assertEquals(3, s.count());
      assertArrayEquals(new double[] {3, 0, 0}, s.mean());
      assertArrayEquals(new double[] {4, 0, 4}, s.variance(), 1e-12);
      assertArrayEquals(new double[] {1, 0, -2}, s.min());
      assertArrayEquals(new double[] {5, 0, 2}, s.max());
      assertArrayEquals(new double[] {9, 0, 4}, s.normL1());
      assertArrayEquals(new double[] {3, 0, 2}, s.numNonZeros());
      assertThrows(IllegalArgumentException.class, () -> s.add(new double[2]),
          "the dimension came back too");
    });
  }

  @Test
  void logBucketFixture() {
    check("log-bucket-v1.bin", LogBucketSketch::fromBytes, LogBucketSketch::toBytes, s -> {
      assertEquals(10_001, s.count());
      assertEquals(SerdeFixtures.value(0), s.min());
      assertEquals(Double.POSITIVE_INFINITY, s.max());
      // rank 0.5 of 10,001 values is the 5,000th from 0: value(5000) = 740
      assertEquals(740, s.quantile(0.5), 740 * LogBucketSketch.RELATIVE_ERROR);
      assertEquals(Double.POSITIVE_INFINITY, s.quantile(1));
      assertEquals(SerdeFixtures.logBucket().histogram(20), s.histogram(20));
    });
  }

  @Test
  void exactCountsFixture() {
    check("exact-counts-v1.bin", ExactCounts::fromBytes, ExactCounts::toBytes, c -> {
      Map<Object, Long> counts = new HashMap<>();
      c.forEach(counts::put);
      assertEquals(Map.of(UTF8String.fromString("short"), 3L,
          UTF8String.fromString("longer than eight bytes"), 2L, 7, 4L, 7L, 5L, true, 6L, 2.5, 1L,
          Decimal.apply(new BigDecimal("12.340"), 10, 3), 8L), counts);
    });
  }

  @Test
  void elementFixture() {
    check("element-v1.bin", ElementSummary::fromBytes, ElementSummary::toBytes, s -> {
      ContinuousSummary numbers = (ContinuousSummary) s.delegate();
      assertEquals(90, numbers.count());
      assertEquals(90, Arrays.stream(numbers.histogram().counts()).sum());
      assertTrue(s.stats("e").contains(new NamedStat("e.nulls", new NumberValue(10))));
    });
  }

  @Test
  void profileFixture() {
    ProfileBuffer fresh = SerdeFixtures.profile();
    String[] names = {"continuous", "small", "exact", "sketched", "vectors", "other"};
    check("profile-v1.bin", ProfileBuffer::fromBytes, ProfileBuffer::toBytes, p -> {
      assertEquals(10_010, p.rows());
      assertEquals(6, p.width());
      List<ColumnProfile> c = new ArrayList<>();
      for (int i = 0; i < names.length; i++) {
        c.add(p.column(i).profile(names[i], p.rows()));
      }
      ColumnProfile continuous = c.get(0);
      assertEquals(0.0, ((ProfileBuffer.Numeric) p.column(0)).centre(), "version 1: uncentred");
      assertEquals(ColumnKind.CONTINUOUS, continuous.kind());
      assertEquals(10_002, continuous.count());
      assertEquals(8, continuous.missing());
      assertEquals(1L, continuous.nanCount());
      assertEquals(1L, continuous.zeros());
      assertEquals(SerdeFixtures.value(0), continuous.min());
      assertEquals(Double.POSITIVE_INFINITY, continuous.max());
      assertEquals(740, continuous.quantiles().get(2), 740 * LogBucketSketch.RELATIVE_ERROR);
      assertEquals(22, continuous.histogram().edges().length, "20 bins and one for +Infinity");
      ColumnProfile small = c.get(1);
      assertEquals(ColumnKind.CATEGORICAL, small.kind());
      assertEquals(7L, small.distinct());
      assertEquals(List.of("0", "1", "2", "3", "4", "5", "6"), small.histogram().labels());
      ColumnProfile exact = c.get(2);
      assertEquals(3L, exact.distinct());
      assertEquals(List.of("ccc", "bb", "a"), exact.histogram().labels());
      assertEquals(14.0 / 6, exact.averageLength(), 1e-12);
      ColumnProfile sketched = c.get(3);
      assertEquals(3_000, sketched.count());
      assertEquals(1_500, sketched.distinct(), 1_500 * 0.03, "HyperLogLog estimate");
      // v0..v1499, each twice: 10 of 2 characters, 90 of 3, 900 of 4, 500 of 5
      assertEquals(6_390.0 / 1_500, sketched.averageLength(), 1e-12);
      Row vectors = c.get(4).vectorStats();
      assertEquals(2L, vectors.getLong(0));
      assertArrayEquals(new double[] {2, 0}, SummaryAggregator.doubles(vectors, 1));
      assertEquals(5, c.get(5).count());
      assertEquals(10_005, c.get(5).missing());
      for (int i = 0; i < names.length; i++) {
        assertEquals(fresh.column(i).profile(names[i], fresh.rows()), c.get(i), names[i]);
      }
    });
  }

  /** Version 2: a numeric column centred on 2003, the same values uncentred, and strings. */
  @Test
  void centredProfileFixture() {
    ProfileBuffer fresh = SerdeFixtures.profileCentred();
    String[] names = {"centred", "plain", "names"};
    check("profile-v2.bin", ProfileBuffer::fromBytes, ProfileBuffer::toBytes, p -> {
      assertEquals(1_004, p.rows());
      ProfileBuffer.Numeric centred = (ProfileBuffer.Numeric) p.column(0);
      ProfileBuffer.Numeric plain = (ProfileBuffer.Numeric) p.column(1);
      assertEquals(2003.0, centred.centre());
      assertEquals(0.0, plain.centre());
      ColumnProfile c = centred.profile("centred", p.rows());
      ColumnProfile u = plain.profile("plain", p.rows());
      assertEquals(0.0, c.min(), "the exact smallest value, kept with the centre");
      assertEquals(Double.POSITIVE_INFINITY, c.max());
      assertEquals(1L, c.zeros());
      assertEquals(u.mean(), c.mean());
      // the median year, 1990 + 0.03 * 499 = 2004.97: within 1/256 of its distance from 2003
      // centred, within 1/256 of 2004.97 (7.8) uncentred
      assertEquals(2004.97, c.quantiles().get(2), 1.97 / 256 + 1e-9);
      assertEquals(2004.97, u.quantiles().get(2), 2004.97 / 256);
      for (int i = 0; i < names.length; i++) {
        assertEquals(fresh.column(i).profile(names[i], fresh.rows()),
            p.column(i).profile(names[i], p.rows()), names[i]);
      }
    });
  }

  @Test
  void profileResultFixture() {
    DataProfile fresh = SerdeFixtures.profileResult().profile();
    check("profile-result-v1.bin", ProfileResult::fromBytes, ProfileResult::toBytes, r -> {
      assertEquals(SerdeFixtures.RESULT_COLUMNS, r.columns());
      DataProfile p = r.profile();
      assertEquals(9, p.rows());
      ColumnProfile price = p.column("unit price \u20ac");
      assertEquals(ColumnKind.CONTINUOUS, price.kind());
      assertEquals(8, price.count());
      assertEquals(1, price.missing());
      assertEquals(4, price.histogram().counts().length, "the profile's 4 bins");
      assertEquals(List.of("L", "M", "S"), p.column("size").histogram().labels());
      assertEquals(fresh, p);
    });
  }

  /** What DataProfiler.column() returned before results named their columns: a bare buffer. */
  @Test
  void aBareProfileBufferStillReadsAsAResultWithTheNamesGiven() {
    List<String> names = List.of("continuous", "small", "exact", "sketched", "vectors", "other");
    ProfileResult legacy = ProfileResult.fromBytes(fixture("profile-v1.bin"), names);
    assertEquals(names, legacy.columns());
    assertEquals(SerdeFixtures.profile().profile(names), legacy.profile());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ProfileResult.fromBytes(fixture("profile-v1.bin"), List.of("one")))
        .getMessage().contains("1 column names for a profile of 6 columns"));
    assertEquals(SerdeFixtures.RESULT_COLUMNS, ProfileResult.fromBytes(
        fixture("profile-result-v1.bin"), List.of("ignored")).columns(), "a result names its own");
  }

  @Test
  void everyTypeRefusesAnUnknownVersion() {
    DECODERS.forEach((file, decode) -> {
      // 3: past every type's latest version (ProfileBuffer's is 2)
      for (int version : new int[] {0, 3, 99, 255}) {
        byte[] bytes = fixture(file);
        bytes[3] = (byte) version;
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> decode.apply(bytes), file);
        assertTrue(e.getMessage().contains("version " + version), e.getMessage());
      }
    });
  }

  @Test
  void everyTypeRefusesTruncatedBytes() {
    DECODERS.forEach((file, decode) -> {
      byte[] bytes = fixture(file);
      // every cut of the small ones; of the profile, all near the ends and every 97th byte
      for (int cut = 0; cut < bytes.length; cut++) {
        if (cut > 64 && cut < bytes.length - 64 && cut % 97 != 0) {
          continue;
        }
        byte[] truncated = Arrays.copyOf(bytes, cut);
        assertThrows(IllegalArgumentException.class, () -> decode.apply(truncated),
            file + " cut to " + cut + " bytes");
      }
    });
  }

  @Test
  void everyTypeRefusesAnotherTypeTrailingBytesAndBadMagic() {
    DECODERS.forEach((file, decode) -> {
      byte[] bytes = fixture(file);
      byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
      IllegalArgumentException trailing =
          assertThrows(IllegalArgumentException.class, () -> decode.apply(longer), file);
      assertTrue(trailing.getMessage().contains("trailing"), trailing.getMessage());
      byte[] magic = bytes.clone();
      magic[0] = 'x';
      assertThrows(IllegalArgumentException.class, () -> decode.apply(magic), file);
      byte[] otherType = bytes.clone();
      otherType[2] = (byte) (otherType[2] == 1 ? 2 : 1);
      IllegalArgumentException type =
          assertThrows(IllegalArgumentException.class, () -> decode.apply(otherType), file);
      assertTrue(type.getMessage().contains("type tag"), type.getMessage());
    });
  }

  @Test
  void garbledFieldsAreRefused() {
    byte[] count = SerdeFixtures.continuousFixed().toBytes();
    count[4 + 7] += 1; // count no longer matches the bins
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ContinuousSummary.fromBytes(count)).getMessage().contains("garbled"));
    byte[] mode = SerdeFixtures.continuousFixed().toBytes();
    mode[4 + 16] = 7;
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ContinuousSummary.fromBytes(mode)).getMessage().contains("unknown mode"));
    assertThrows(IllegalArgumentException.class, () -> CountSummary.fromBytes(null));
  }

  @Test
  void javaSerializationCarriesOnlyTheVersionedBytes() throws Exception {
    List<Object> values = List.of(SerdeFixtures.count(), SerdeFixtures.continuousFixed(),
        SerdeFixtures.continuousAutomatic(), SerdeFixtures.categorySketch(),
        SerdeFixtures.vector(), SerdeFixtures.element(), SerdeFixtures.profile());
    for (Object value : values) {
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(stream)) {
        out.writeObject(value);
      }
      String text = new String(stream.toByteArray(), StandardCharsets.ISO_8859_1);
      String name = value.getClass().getName();
      assertFalse(text.contains(name), name + " must not appear in the stream, only its bytes");
      assertTrue(text.contains("SerialProxy"), name);
      Object back;
      try (ObjectInputStream in = new ObjectInputStream(
          new ByteArrayInputStream(stream.toByteArray()))) {
        back = in.readObject();
      }
      assertEquals(value.getClass(), back.getClass());
      assertEquals(contentOf(value), contentOf(back), name);
    }
    assertFalse(Serializable.class.isAssignableFrom(LogBucketSketch.class));
    assertFalse(Serializable.class.isAssignableFrom(ExactCounts.class));
    assertFalse(Serializable.class.isAssignableFrom(ProfileBuffer.Column.class));
  }

  /** What a value reports; not its bytes, which embed hash-ordered tables. */
  private static Object contentOf(Object value) {
    if (value instanceof ProfileBuffer p) {
      List<ColumnProfile> profiles = new ArrayList<>();
      for (int i = 0; i < p.width(); i++) {
        profiles.add(p.column(i).profile("c" + i, p.rows()));
      }
      return profiles;
    }
    return ((io.github.sparkmlops.sketch.Summary<?>) value).stats("x");
  }

  @Test
  void emptyStatesRoundTrip() {
    assertNull(ContinuousSummary.fromBytes(ContinuousSummary.automatic().toBytes()).histogram());
    assertTrue(CategorySummary.fromBytes(CategorySummary.create().toBytes()).isEmpty());
    assertTrue(VectorSummary.fromBytes(VectorSummary.create().toBytes()).isEmpty());
    assertTrue(ElementSummary.fromBytes(ElementSummary.create().toBytes()).isEmpty());
    ProfileBuffer empty = new ProfileBuffer(new ProfileBuffer.Column[0]);
    assertEquals(0, ProfileBuffer.fromBytes(empty.toBytes()).width());
  }
}
