package io.github.sparkmlops.internal.store;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StructType;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kernel {@link ColumnVector} over plain Java objects, in the row encoding of {@link StoreSchema}.
 * The store writes a few thousand rows at a time from the driver, so boxing costs little and keeps
 * one class for every column type.
 */
public final class ObjectColumnVector implements ColumnVector {

  private final DataType type;
  private final List<?> values;

  ObjectColumnVector(DataType type, List<?> values) {
    this.type = type;
    this.values = values;
  }

  @Override
  public DataType getDataType() {
    return type;
  }

  @Override
  public int getSize() {
    return values.size();
  }

  @Override
  public void close() {}

  @Override
  public boolean isNullAt(int rowId) {
    return values.get(rowId) == null;
  }

  @Override
  public boolean getBoolean(int rowId) {
    return (Boolean) values.get(rowId);
  }

  @Override
  public int getInt(int rowId) {
    return (Integer) values.get(rowId);
  }

  @Override
  public long getLong(int rowId) {
    return (Long) values.get(rowId);
  }

  @Override
  public double getDouble(int rowId) {
    return (Double) values.get(rowId);
  }

  @Override
  public String getString(int rowId) {
    return (String) values.get(rowId);
  }

  @Override
  public ArrayValue getArray(int rowId) {
    List<?> elements = (List<?>) values.get(rowId);
    DataType elementType = ((ArrayType) type).getElementType();
    return new ArrayValue() {
      @Override
      public int getSize() {
        return elements.size();
      }

      @Override
      public ColumnVector getElements() {
        return new ObjectColumnVector(elementType, elements);
      }
    };
  }

  @Override
  public ColumnVector getChild(int ordinal) {
    StructType struct = (StructType) type;
    List<Object> field = new ArrayList<>(values.size());
    for (Object value : values) {
      field.add(value == null ? null : ((Object[]) value)[ordinal]);
    }
    return new ObjectColumnVector(struct.at(ordinal).getDataType(), field);
  }
}
