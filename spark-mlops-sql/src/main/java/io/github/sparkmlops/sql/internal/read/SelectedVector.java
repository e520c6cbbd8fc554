package io.github.sparkmlops.sql.internal.read;

import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/** The rows of a column vector that a filter selected, without copying: row i is {@code rows[i]}. */
public final class SelectedVector extends ColumnVector {

  private final ColumnVector inner;
  private final int[] rows;

  SelectedVector(ColumnVector inner, int[] rows) {
    super(inner.dataType());
    this.inner = inner;
    this.rows = rows;
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
    for (int row : rows) {
      if (inner.isNullAt(row)) {
        nulls++;
      }
    }
    return nulls;
  }

  @Override
  public boolean isNullAt(int rowId) {
    return inner.isNullAt(rows[rowId]);
  }

  @Override
  public boolean getBoolean(int rowId) {
    return inner.getBoolean(rows[rowId]);
  }

  @Override
  public byte getByte(int rowId) {
    return inner.getByte(rows[rowId]);
  }

  @Override
  public short getShort(int rowId) {
    return inner.getShort(rows[rowId]);
  }

  @Override
  public int getInt(int rowId) {
    return inner.getInt(rows[rowId]);
  }

  @Override
  public long getLong(int rowId) {
    return inner.getLong(rows[rowId]);
  }

  @Override
  public float getFloat(int rowId) {
    return inner.getFloat(rows[rowId]);
  }

  @Override
  public double getDouble(int rowId) {
    return inner.getDouble(rows[rowId]);
  }

  @Override
  public ColumnarArray getArray(int rowId) {
    return inner.getArray(rows[rowId]);
  }

  @Override
  public ColumnarMap getMap(int rowId) {
    return inner.getMap(rows[rowId]);
  }

  @Override
  public Decimal getDecimal(int rowId, int precision, int scale) {
    return inner.getDecimal(rows[rowId], precision, scale);
  }

  @Override
  public UTF8String getUTF8String(int rowId) {
    return inner.getUTF8String(rows[rowId]);
  }

  @Override
  public byte[] getBinary(int rowId) {
    return inner.getBinary(rows[rowId]);
  }

  @Override
  public ColumnVector getChild(int ordinal) {
    return new SelectedVector(inner.getChild(ordinal), rows);
  }
}
