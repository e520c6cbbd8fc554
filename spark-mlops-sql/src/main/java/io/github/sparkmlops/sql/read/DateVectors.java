package io.github.sparkmlops.sql.read;

import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import org.apache.spark.sql.execution.vectorized.ConstantColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnVector;

/**
 * The partition column {@code date}, which Parquet files do not hold: one value for a whole batch,
 * as a Kernel vector (to evaluate filters) and as a Spark vector (to return it).
 */
final class DateVectors {

  private DateVectors() {}

  static io.delta.kernel.data.ColumnVector kernel(int days, int size) {
    return new io.delta.kernel.data.ColumnVector() {
      @Override
      public DataType getDataType() {
        return DateType.DATE;
      }

      @Override
      public int getSize() {
        return size;
      }

      @Override
      public void close() {}

      @Override
      public boolean isNullAt(int rowId) {
        return false;
      }

      @Override
      public int getInt(int rowId) {
        return days;
      }
    };
  }

  static ColumnVector spark(int days, int size) {
    ConstantColumnVector vector = new ConstantColumnVector(size, DataTypes.DateType);
    vector.setInt(days);
    return vector;
  }
}
