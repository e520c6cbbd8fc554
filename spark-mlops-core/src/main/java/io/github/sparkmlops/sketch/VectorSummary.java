package io.github.sparkmlops.sketch;

import io.github.sparkmlops.internal.serde.ByteReader;
import io.github.sparkmlops.internal.serde.ByteWriter;
import io.github.sparkmlops.internal.serde.Format;
import io.github.sparkmlops.internal.serde.SerialProxy;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.VectorValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * Per-dimension statistics of vectors, the ones MLlib's {@code Summarizer} computes: count, mean,
 * sample variance, min, max, L1 norm, L2 norm and number of non-zeros.
 *
 * <p>Like {@code Summarizer}, only non-zero entries are visited (sparse vectors cost their non-zeros)
 * and the zeros are accounted for at the end. Means and second moments are merged with Chan et
 * al.'s pairwise update, so the result does not drift with the number of rows or the merge order
 * beyond rounding. The dimension is fixed by the first vector; a vector of another size is an
 * {@link IllegalArgumentException}. Reports {@code name.count} and the vectors {@code name.mean},
 * {@code name.variance}, {@code name.min}, {@code name.max}, {@code name.normL1}, {@code
 * name.normL2}, {@code name.numNonZeros}. {@link #toBytes()} is the versioned format it is stored
 * and sent in; Java serialization writes those bytes too.
 *
 * @serial exclude
 */
public final class VectorSummary implements Summary<VectorSummary> {

  private static final long serialVersionUID = 1L;
  /** The version of {@link #toBytes()}'s format. */
  public static final int FORMAT_VERSION = 1;

  private long count;
  private int dimension = -1;
  // per dimension, over the non-zero entries only
  private long[] nonZeros;
  private double[] mean;
  private double[] m2;
  private double[] min;
  private double[] max;
  private double[] l1;
  private double[] sumSquares;

  /**
   * An empty summary whose dimension the first vector sets.
   *
   * @return the summary
   */
  public static VectorSummary create() {
    return new VectorSummary();
  }

  private void init(int size) {
    if (dimension == -1) {
      dimension = size;
      nonZeros = new long[size];
      mean = new double[size];
      m2 = new double[size];
      min = new double[size];
      max = new double[size];
      l1 = new double[size];
      sumSquares = new double[size];
      Arrays.fill(min, Double.POSITIVE_INFINITY);
      Arrays.fill(max, Double.NEGATIVE_INFINITY);
    } else if (dimension != size) {
      throw new IllegalArgumentException(
          "all vectors must have dimension " + dimension + ", got one of dimension " + size);
    }
  }

  /**
   * Adds a dense vector.
   *
   * @param values the vector's elements
   */
  public void add(double[] values) {
    init(values.length);
    count++;
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (v != 0.0) {
        addEntry(i, v);
      }
    }
  }

  /**
   * Adds a sparse vector of {@code size} dimensions with the given non-zero entries.
   *
   * @param size the vector's dimension
   * @param indices the non-zero entries' indices, ascending
   * @param values the non-zero entries' values
   */
  public void addSparse(int size, int[] indices, double[] values) {
    init(size);
    count++;
    for (int j = 0; j < indices.length; j++) {
      double v = values[j];
      if (v != 0.0) {
        addEntry(indices[j], v);
      }
    }
  }

  /**
   * Adds an MLlib vector (dense or sparse).
   *
   * @param vector the vector
   */
  public void add(Vector vector) {
    if (vector instanceof DenseVector d) {
      add(d.values());
    } else if (vector instanceof SparseVector s) {
      addSparse(s.size(), s.indices(), s.values());
    } else {
      add(vector.toArray());
    }
  }

  private void addEntry(int i, double v) {
    long n = ++nonZeros[i];
    double delta = v - mean[i];
    mean[i] += delta / n;
    m2[i] += delta * (v - mean[i]);
    if (v < min[i]) {
      min[i] = v;
    }
    if (v > max[i]) {
      max[i] = v;
    }
    l1[i] += Math.abs(v);
    sumSquares[i] += v * v;
  }

  /**
   * Vectors added.
   *
   * @return the count
   */
  public long count() {
    return count;
  }

  /**
   * The mean of each dimension.
   *
   * @return one value per dimension
   */
  public double[] mean() {
    double[] out = new double[Math.max(dimension, 0)];
    for (int i = 0; i < out.length; i++) {
      out[i] = mean[i] * nonZeros[i] / count;
    }
    return out;
  }

  /**
   * The sample variance (denominator n - 1) of each dimension; zeros when fewer than 2 vectors.
   *
   * @return one value per dimension
   */
  public double[] variance() {
    double[] out = new double[Math.max(dimension, 0)];
    if (count < 2) {
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      // the zeros are a second group of (count - nonZeros) values with mean 0 and no spread
      double total = m2[i] + mean[i] * mean[i] * nonZeros[i] * (count - nonZeros[i]) / count;
      out[i] = Math.max(total / (count - 1), 0.0);
    }
    return out;
  }

  /**
   * The minimum of each dimension.
   *
   * @return one value per dimension
   */
  public double[] min() {
    double[] out = new double[Math.max(dimension, 0)];
    for (int i = 0; i < out.length; i++) {
      out[i] = nonZeros[i] < count && min[i] > 0 ? 0.0 : min[i];
    }
    return out;
  }

  /**
   * The maximum of each dimension.
   *
   * @return one value per dimension
   */
  public double[] max() {
    double[] out = new double[Math.max(dimension, 0)];
    for (int i = 0; i < out.length; i++) {
      out[i] = nonZeros[i] < count && max[i] < 0 ? 0.0 : max[i];
    }
    return out;
  }

  /**
   * The L1 norm (sum of absolute values) of each dimension.
   *
   * @return one value per dimension
   */
  public double[] normL1() {
    return l1 == null ? new double[0] : l1.clone();
  }

  /**
   * The L2 norm (Euclidean) of each dimension.
   *
   * @return one value per dimension
   */
  public double[] normL2() {
    double[] out = new double[Math.max(dimension, 0)];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.sqrt(sumSquares[i]);
    }
    return out;
  }

  /**
   * The number of non-zero entries of each dimension.
   *
   * @return one count per dimension
   */
  public double[] numNonZeros() {
    double[] out = new double[Math.max(dimension, 0)];
    for (int i = 0; i < out.length; i++) {
      out[i] = nonZeros[i];
    }
    return out;
  }

  @Override
  public boolean isEmpty() {
    return count == 0;
  }

  @Override
  public void merge(VectorSummary other) {
    if (other.count == 0) {
      return;
    }
    if (other.dimension >= 0) {
      init(other.dimension);
    }
    for (int i = 0; i < Math.max(dimension, 0); i++) {
      long nb = other.nonZeros[i];
      if (nb == 0) {
        continue;
      }
      long na = nonZeros[i];
      long n = na + nb;
      double delta = other.mean[i] - mean[i];
      mean[i] += delta * nb / n;
      m2[i] += other.m2[i] + delta * delta * ((double) na * nb / n);
      nonZeros[i] = n;
      min[i] = Math.min(min[i], other.min[i]);
      max[i] = Math.max(max[i], other.max[i]);
      l1[i] += other.l1[i];
      sumSquares[i] += other.sumSquares[i];
    }
    count += other.count;
  }

  @Override
  public VectorSummary copy() {
    VectorSummary c = new VectorSummary();
    c.merge(this);
    return c;
  }

  @Override
  public VectorSummary emptyCopy() {
    return new VectorSummary();
  }

  @Override
  public List<NamedStat> stats(String name) {
    List<NamedStat> out = new ArrayList<>(8);
    out.add(new NamedStat(name + ".count", new NumberValue(count)));
    if (count > 0 && dimension > 0) {
      out.add(new NamedStat(name + ".mean", VectorValue.of(mean())));
      out.add(new NamedStat(name + ".variance", VectorValue.of(variance())));
      out.add(new NamedStat(name + ".min", VectorValue.of(min())));
      out.add(new NamedStat(name + ".max", VectorValue.of(max())));
      out.add(new NamedStat(name + ".normL1", VectorValue.of(normL1())));
      out.add(new NamedStat(name + ".normL2", VectorValue.of(normL2())));
      out.add(new NamedStat(name + ".numNonZeros", VectorValue.of(numNonZeros())));
    }
    return out;
  }

  /**
   * This summary in the format of version {@value #FORMAT_VERSION}: the header, {@code count},
   * the dimension (-1 before the first vector), then per dimension the non-zero counts and the
   * running mean, second moment, min, max, L1 norm and sum of squares of the non-zero entries.
   */
  @Override
  public byte[] toBytes() {
    ByteWriter w = Format.begin(Format.VECTOR_SUMMARY, FORMAT_VERSION);
    w.writeLong(count);
    w.writeInt(dimension);
    for (int i = 0; i < Math.max(dimension, 0); i++) {
      w.writeVarLong(nonZeros[i]);
    }
    for (double[] field : new double[][] {mean, m2, min, max, l1, sumSquares}) {
      for (int i = 0; i < Math.max(dimension, 0); i++) {
        w.writeDouble(field[i]);
      }
    }
    return w.toByteArray();
  }

  /**
   * The summary {@link #toBytes()} encoded.
   *
   * @param bytes bytes {@link #toBytes()} wrote
   * @return the summary
   * @throws IllegalArgumentException if the bytes are not such an encoding, of a known version
   */
  public static VectorSummary fromBytes(byte[] bytes) {
    ByteReader r = Format.open(bytes, Format.VECTOR_SUMMARY, FORMAT_VERSION, "VectorSummary");
    VectorSummary s = new VectorSummary();
    long count = r.readCount("count");
    // six doubles per dimension follow: a larger dimension is garbage, not worth allocating
    int dimension = r.readInt("dimension", count == 0 ? -1 : 0, r.remaining() / 48);
    if (dimension >= 0) {
      s.init(dimension);
      for (int i = 0; i < dimension; i++) {
        s.nonZeros[i] = r.readVarLong();
        if (s.nonZeros[i] > count) {
          throw r.invalid(s.nonZeros[i] + " non-zeros in " + count + " vectors");
        }
      }
      for (double[] field : new double[][] {s.mean, s.m2, s.min, s.max, s.l1, s.sumSquares}) {
        for (int i = 0; i < dimension; i++) {
          field[i] = r.readDouble();
        }
      }
    }
    s.count = count;
    r.end();
    return s;
  }

  private Object writeReplace() {
    return new SerialProxy(SummaryDecoder.VECTOR, toBytes());
  }
}
