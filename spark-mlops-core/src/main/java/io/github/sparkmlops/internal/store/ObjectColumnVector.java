package io.github.sparkmlops.internal.store;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StructType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Kernel {@link ColumnVector} over plain Java objects, in the row encoding of {@link
 * StoreSchema}: a struct is an {@code Object[]}, an array a {@link List}, a map a {@link Map}, a
 * date an {@code Integer} (days), a timestamp a {@code Long} (microseconds), a binary a {@code
 * byte[]}. The store writes a few thousand rows at a time from the driver, so boxing costs little
 * and keeps one class for every column type.
 */
public final class ObjectColumnVector implements ColumnVector {

  private final DataType type;
  private final List<?> values;

  /** @param values the column's values in the encoding above, null for a null */
  public ObjectColumnVector(DataType type, List<?> values) {
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
  public float getFloat(int rowId) {
    return (Float) values.get(rowId);
  }

  @Override
  public double getDouble(int rowId) {
    return (Double) values.get(rowId);
  }

  @Override
  public byte[] getBinary(int rowId) {
    return (byte[]) values.get(rowId);
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
  public MapValue getMap(int rowId) {
    Map<?, ?> entries = (Map<?, ?>) values.get(rowId);
    MapType map = (MapType) type;
    return new MapValue() {
      @Override
      public int getSize() {
        return entries.size();
      }

      @Override
      public ColumnVector getKeys() {
        return new ObjectColumnVector(map.getKeyType(), new ArrayList<>(entries.keySet()));
      }

      @Override
      public ColumnVector getValues() {
        return new ObjectColumnVector(map.getValueType(), new ArrayList<>(entries.values()));
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
