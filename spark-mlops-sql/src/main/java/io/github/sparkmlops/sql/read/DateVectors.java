package io.github.sparkmlops.sql.read;

import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

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

  static ColumnVector spark(int days) {
    return new ColumnVector(DataTypes.DateType) {
      @Override
      public void close() {}

      @Override
      public boolean hasNull() {
        return false;
      }

      @Override
      public int numNulls() {
        return 0;
      }

      @Override
      public boolean isNullAt(int rowId) {
        return false;
      }

      @Override
      public int getInt(int rowId) {
        return days;
      }

      @Override
      public boolean getBoolean(int rowId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public byte getByte(int rowId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public short getShort(int rowId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public long getLong(int rowId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public float getFloat(int rowId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public double getDouble(int rowId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public ColumnarArray getArray(int rowId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public ColumnarMap getMap(int ordinal) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Decimal getDecimal(int rowId, int precision, int scale) {
        throw new UnsupportedOperationException();
      }

      @Override
      public UTF8String getUTF8String(int rowId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public byte[] getBinary(int rowId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public ColumnVector getChild(int ordinal) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
