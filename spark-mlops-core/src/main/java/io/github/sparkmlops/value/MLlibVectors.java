package io.github.sparkmlops.value;

import io.github.sparkmlops.internal.value.Require;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;

/**
 * Converts MLlib vectors to {@link VectorValue}s. A class of its own so that only code that uses
 * MLlib needs spark-mllib on its classpath: {@code mlops.setStat(name, MLlibVectors.of(v))}.
 */
public final class MLlibVectors {

  private MLlibVectors() {}

  /**
   * An {@code org.apache.spark.ml.linalg} vector (dense or sparse), without labels.
   *
   * @param vector the vector
   * @return the value
   */
  public static VectorValue of(Vector vector) {
    return VectorValue.of(Require.notNull("vector", vector).toArray());
  }

  /**
   * An {@code org.apache.spark.ml.linalg} vector with one label per element.
   *
   * @param vector the vector
   * @param labels one label per element
   * @return the value
   */
  public static VectorValue labelled(Vector vector, List<String> labels) {
    return VectorValue.labelled(Require.notNull("vector", vector).toArray(), labels);
  }

  /**
   * An RDD-API {@code org.apache.spark.mllib.linalg} vector, without labels.
   *
   * @param vector the vector
   * @return the value
   */
  public static VectorValue of(org.apache.spark.mllib.linalg.Vector vector) {
    return VectorValue.of(Require.notNull("vector", vector).toArray());
  }
}
