package io.github.sparkmlops.sql.internal.read;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.types.StructType;
import io.github.sparkmlops.internal.store.TableSpec;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A Delta Kernel column vector seen as Spark's public {@link ColumnVector}, so that batches from
 * Kernel's Parquet reader go through the same filter and projection as Spark's. Timestamps are
 * microseconds and dates days in both, so numbers pass unchanged.
 */
final class KernelColumnVector extends ColumnVector {

  private final io.delta.kernel.data.ColumnVector kernel;
  private final KernelColumnVector[] children;
  private int nulls = -1;

  KernelColumnVector(io.delta.kernel.data.ColumnVector kernel) {
    super(TableSpec.toSpark(kernel.getDataType()));
    this.kernel = kernel;
    this.children = kernel.getDataType() instanceof StructType struct
        ? new KernelColumnVector[struct.length()] : new KernelColumnVector[0];
  }

  @Override
  public void close() {
    // the reader closes Kernel's batch
  }

  @Override
  public boolean hasNull() {
    return numNulls() > 0;
  }

  @Override
  public int numNulls() {
    if (nulls < 0) {
      int n = 0;
      for (int i = 0, size = kernel.getSize(); i < size; i++) {
        n += kernel.isNullAt(i) ? 1 : 0;
      }
      nulls = n;
    }
    return nulls;
  }

  @Override
  public boolean isNullAt(int rowId) {
    return kernel.isNullAt(rowId);
  }

  @Override
  public boolean getBoolean(int rowId) {
    return kernel.getBoolean(rowId);
  }

  @Override
  public byte getByte(int rowId) {
    return kernel.getByte(rowId);
  }

  @Override
  public short getShort(int rowId) {
    return kernel.getShort(rowId);
  }

  @Override
  public int getInt(int rowId) {
    return kernel.getInt(rowId);
  }

  @Override
  public long getLong(int rowId) {
    return kernel.getLong(rowId);
  }

  @Override
  public float getFloat(int rowId) {
    return kernel.getFloat(rowId);
  }

  @Override
  public double getDouble(int rowId) {
    return kernel.getDouble(rowId);
  }

  @Override
  public ColumnarArray getArray(int rowId) {
    if (kernel.isNullAt(rowId)) {
      return null;
    }
    ArrayValue array = kernel.getArray(rowId);
    return new ColumnarArray(new KernelColumnVector(array.getElements()), 0, array.getSize());
  }

  @Override
  public ColumnarMap getMap(int rowId) {
    if (kernel.isNullAt(rowId)) {
      return null;
    }
    MapValue map = kernel.getMap(rowId);
    return new ColumnarMap(new KernelColumnVector(map.getKeys()),
        new KernelColumnVector(map.getValues()), 0, map.getSize());
  }

  @Override
  public Decimal getDecimal(int rowId, int precision, int scale) {
    return kernel.isNullAt(rowId) ? null
        : Decimal.apply(kernel.getDecimal(rowId), precision, scale);
  }

  @Override
  public UTF8String getUTF8String(int rowId) {
    return kernel.isNullAt(rowId) ? null : UTF8String.fromString(kernel.getString(rowId));
  }

  @Override
  public byte[] getBinary(int rowId) {
    return kernel.isNullAt(rowId) ? null : kernel.getBinary(rowId);
  }

  @Override
  public ColumnVector getChild(int ordinal) {
    if (children[ordinal] == null) {
      children[ordinal] = new KernelColumnVector(kernel.getChild(ordinal));
    }
    return children[ordinal];
  }
}
