package io.github.sparkmlops.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.internal.aggregate.ElementSummary;
import io.github.sparkmlops.value.Histogram;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The summaries against exact computations, in any merge order, and through serialization. */
class SummaryTest {

  private static final double[] EDGES = {0, 1, 2, 5, 10};

  @Test
  void fixedEdgesCountEveryValueExactlyIncludingInfinitiesAndSetNaNApart() {
    double[] data = {-3, 0, 0.5, 1, 1.999, 2, 4.9, 5, 9.99, 10, 11, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN, Double.NaN};
    ContinuousSummary s = ContinuousSummary.withEdges(EDGES);
    for (double d : data) {
      s.add(d);
    }
    Histogram h = s.histogram();
    assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 0, 1, 2, 5, 10,
        Double.POSITIVE_INFINITY}, h.edges());
    // [-inf,0) [0,1) [1,2) [2,5) [5,10) [10,+inf]
    assertArrayEquals(new double[] {2, 2, 2, 2, 2, 3}, h.counts());
    assertEquals(15, s.count());
    assertEquals(2, s.nanCount());
  }

  @Test
  void mergeOrderDoesNotChangeFixedCategoryOrVectorResults() {
    Random random = new Random(7);
    List<double[]> partitions = new ArrayList<>();
    for (int p = 0; p < 12; p++) {
      int size = p == 0 ? 0 : p == 1 ? 1 : p == 2 ? 5_000 : random.nextInt(50); // empty, one-row, skewed
      double[] part = new double[size];
      for (int i = 0; i < size; i++) {
        part[i] = random.nextGaussian() * 4 + 3;
      }
      partitions.add(part);
    }
    Supplier<List<Object>> run = () -> {
      List<double[]> order = new ArrayList<>(partitions);
      Collections.shuffle(order, random);
      ContinuousSummary hist = ContinuousSummary.withEdges(EDGES);
      CategorySummary cats = CategorySummary.create();
      VectorSummary vecs = VectorSummary.create();
      for (double[] part : order) {
        ContinuousSummary h = hist.emptyCopy();
        CategorySummary c = cats.emptyCopy();
        VectorSummary v = vecs.emptyCopy();
        for (double d : part) {
          h.add(d);
          c.add(Long.toString(Math.round(d)));
          v.add(new double[] {d, d * d, 0.0});
        }
        hist.merge(h);
        cats.merge(c);
        vecs.merge(v);
      }
      return List.of(hist.histogram(), cats.counts(), vecs.count(), vecs.mean(), vecs.variance());
    };
    List<Object> first = run.get();
    for (int i = 0; i < 5; i++) {
      List<Object> again = run.get();
      assertEquals(first.get(0), again.get(0));
      assertEquals(first.get(1), again.get(1));
      assertEquals(first.get(2), again.get(2));
      assertArrayEquals((double[]) first.get(3), (double[]) again.get(3), 1e-12);
      assertArrayEquals((double[]) first.get(4), (double[]) again.get(4), 1e-9);
    }
  }

  @Test
  void vectorStatisticsEqualATwoPassExactComputation() {
    Random random = new Random(11);
    int n = 10_000;
    double[][] rows = new double[n][];
    VectorSummary a = VectorSummary.create();
    VectorSummary b = VectorSummary.create();
    for (int i = 0; i < n; i++) {
      rows[i] = new double[] {1e6 + random.nextGaussian(), random.nextInt(3) == 0 ? 0 : -5 + random.nextDouble(), 0};
      (i % 3 == 0 ? a : b).add(rows[i]);
    }
    a.merge(b);
    for (int d = 0; d < 3; d++) {
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      double l1 = 0;
      double l2 = 0;
      long nnz = 0;
      for (double[] r : rows) {
        sum += r[d];
        min = Math.min(min, r[d]);
        max = Math.max(max, r[d]);
        l1 += Math.abs(r[d]);
        l2 += r[d] * r[d];
        nnz += r[d] != 0 ? 1 : 0;
      }
      double mean = sum / n;
      double m2 = 0;
      for (double[] r : rows) {
        m2 += (r[d] - mean) * (r[d] - mean);
      }
      assertEquals(mean, a.mean()[d], Math.abs(mean) * 1e-12 + 1e-15);
      assertEquals(m2 / (n - 1), a.variance()[d], Math.abs(m2 / (n - 1)) * 1e-9 + 1e-15);
      assertEquals(min, a.min()[d]);
      assertEquals(max, a.max()[d]);
      assertEquals(l1, a.normL1()[d], l1 * 1e-12);
      assertEquals(Math.sqrt(l2), a.normL2()[d], Math.sqrt(l2) * 1e-12);
      assertEquals(nnz, (long) a.numNonZeros()[d]);
    }
    assertThrows(IllegalArgumentException.class, () -> a.add(new double[2]));
  }

  @Test
  void automaticHistogramBinsEachValueWithinTheSketchsRelativeError() {
    ContinuousSummary few = ContinuousSummary.automatic(4);
    for (double d : new double[] {0, 1, 1, 2, 3, 4, 4, 4}) {
      few.add(d);
    }
    Histogram h = few.histogram();
    assertArrayEquals(new double[] {0, 1, 2, 3, 4}, h.edges());
    assertArrayEquals(new double[] {1, 2, 1, 4}, h.counts());

    ContinuousSummary many = ContinuousSummary.automatic(10);
    int n = 1_000_000;
    for (int i = 0; i < n; i++) {
      many.add(i % 1000);
    }
    double[] counts = many.histogram().counts();
    assertEquals(n, (long) java.util.Arrays.stream(counts).sum());
    for (double c : counts) {
      // a value within 1/256 of an edge may sit in the neighbouring bin: 2 of 100 values here
      assertEquals(n / 10.0, c, n * 0.002, "each tenth of the range holds a tenth");
    }
  }

  @Test
  void automaticHistogramKeepsInfinitiesInOpenEndedBins() {
    ContinuousSummary s = ContinuousSummary.automatic(2);
    for (double d : new double[] {Double.NEGATIVE_INFINITY, 0, 1, 2, Double.POSITIVE_INFINITY,
        Double.NaN}) {
      s.add(d);
    }
    Histogram h = s.histogram();
    // with an infinity for max, the largest finite value is its bucket's midpoint: 2 + 1/128
    double hi = 2 + 1.0 / 128;
    assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 0, hi / 2, hi,
        Double.POSITIVE_INFINITY}, h.edges());
    assertArrayEquals(new double[] {1, 1, 2, 1}, h.counts());
    assertEquals(1, s.nanCount());
    assertNull(ContinuousSummary.automatic().histogram(), "no values, no histogram");
  }

  @Test
  void categoriesAreExactUpToTheBoundThenBoundedByASketch() throws Exception {
    CategorySummary s = CategorySummary.create(50, 5);
    for (int i = 0; i < 100_000; i++) {
      s.add(i % 10 == 0 ? "rare" + i : "common" + (i % 3));
    }
    s.add(null);
    assertFalse(s.isExact());
    Map<String, Long> counts = s.counts();
    List<String> top = new ArrayList<>(counts.keySet()).subList(0, 3);
    assertEquals(List.of("common0", "common1", "common2"), top.stream().sorted().toList());
    long common0 = counts.get("common0");
    assertTrue(common0 >= 30_000 && common0 <= 30_000 + 10_000, "estimate near 30000: " + common0);
    Histogram h = s.histogram();
    assertEquals(6, h.labels().size(), "5 shown plus __other__");
    assertEquals(CategorySummary.OTHER, h.labels().get(5));
    assertEquals(100_000, (long) java.util.Arrays.stream(h.counts()).sum());
    assertEquals(1, s.missingCount());

    CategorySummary copy = roundTrip(s);
    assertEquals(s.counts(), copy.counts());
    ContinuousSummary automatic = ContinuousSummary.automatic();
    automatic.add(3);
    assertEquals(automatic.histogram(), roundTrip(automatic).histogram());
  }

  @Test
  void elementSummaryPicksItsKindFromTheFirstElementAndRejectsMixing() {
    ElementSummary s = ElementSummary.create().add(1.5).add(null).add(2);
    assertTrue(s.delegate() instanceof ContinuousSummary);
    assertThrows(IllegalArgumentException.class, () -> s.add("x"));
    assertThrows(IllegalArgumentException.class, () -> ElementSummary.create().add(new Object()));
    List<NamedStat> stats = ElementSummary.create().stats("empty");
    assertEquals(List.of(new NamedStat("empty.count", new io.github.sparkmlops.value.NumberValue(0))),
        stats);
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
