package io.github.sparkmlops.sql.read;

import io.delta.kernel.data.ArrayValue;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A Kernel column vector seen as a Spark one, without copying. {@code rows} maps Spark's row ids to
 * the Kernel vector's (the rows a filter selected); null means every row, in order.
 */
final class KernelVector extends ColumnVector {

  private final io.delta.kernel.data.ColumnVector kernel;
  private final int[] rows;
  private final int size;

  KernelVector(DataType type, io.delta.kernel.data.ColumnVector kernel, int[] rows) {
    super(type);
    this.kernel = kernel;
    this.rows = rows;
    this.size = rows == null ? kernel.getSize() : rows.length;
  }

  private int at(int rowId) {
    return rows == null ? rowId : rows[rowId];
  }

  @Override
  public void close() {}

  @Override
  public boolean hasNull() {
    return numNulls() > 0;
  }

  @Override
  public int numNulls() {
    int nulls = 0;
    for (int i = 0; i < size; i++) {
      if (kernel.isNullAt(at(i))) {
        nulls++;
      }
    }
    return nulls;
  }

  @Override
  public boolean isNullAt(int rowId) {
    return kernel.isNullAt(at(rowId));
  }

  @Override
  public boolean getBoolean(int rowId) {
    return kernel.getBoolean(at(rowId));
  }

  @Override
  public byte getByte(int rowId) {
    return kernel.getByte(at(rowId));
  }

  @Override
  public short getShort(int rowId) {
    return kernel.getShort(at(rowId));
  }

  @Override
  public int getInt(int rowId) {
    return kernel.getInt(at(rowId));
  }

  @Override
  public long getLong(int rowId) {
    return kernel.getLong(at(rowId));
  }

  @Override
  public float getFloat(int rowId) {
    return kernel.getFloat(at(rowId));
  }

  @Override
  public double getDouble(int rowId) {
    return kernel.getDouble(at(rowId));
  }

  @Override
  public ColumnarArray getArray(int rowId) {
    if (isNullAt(rowId)) {
      return null;
    }
    ArrayValue array = kernel.getArray(at(rowId));
    DataType elementType = ((ArrayType) dataType()).elementType();
    return new ColumnarArray(new KernelVector(elementType, array.getElements(), null), 0, array.getSize());
  }

  @Override
  public ColumnarMap getMap(int ordinal) {
    throw new UnsupportedOperationException("The store has no map columns");
  }

  @Override
  public Decimal getDecimal(int rowId, int precision, int scale) {
    throw new UnsupportedOperationException("The store has no decimal columns");
  }

  @Override
  public UTF8String getUTF8String(int rowId) {
    return isNullAt(rowId) ? null : UTF8String.fromString(kernel.getString(at(rowId)));
  }

  @Override
  public byte[] getBinary(int rowId) {
    return isNullAt(rowId) ? null : kernel.getBinary(at(rowId));
  }

  @Override
  public ColumnVector getChild(int ordinal) {
    DataType childType = ((StructType) dataType()).fields()[ordinal].dataType();
    return new KernelVector(childType, kernel.getChild(ordinal), rows);
  }
}
