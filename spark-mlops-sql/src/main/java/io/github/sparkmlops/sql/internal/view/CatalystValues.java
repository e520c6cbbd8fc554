package io.github.sparkmlops.sql.internal.view;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Store values (strings, boxed numbers, {@code Long} microseconds, {@code List}, {@code Map},
 * {@code Object[]} structs) as Spark's internal ones.
 */
final class CatalystValues {

  private CatalystValues() {}

  static InternalRow[] rows(List<Object[]> rows, StructType schema) {
    InternalRow[] out = new InternalRow[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (InternalRow) value(rows.get(i), schema);
    }
    return out;
  }

  private static Object value(Object value, DataType type) {
    if (value == null) {
      return null;
    }
    if (type instanceof StringType) {
      return UTF8String.fromString(value.toString());
    }
    if (type instanceof ArrayType array) {
      List<?> list = (List<?>) value;
      Object[] elements = new Object[list.size()];
      for (int i = 0; i < elements.length; i++) {
        elements[i] = value(list.get(i), array.elementType());
      }
      return new GenericArrayData(elements);
    }
    if (type instanceof MapType map) {
      Map<?, ?> entries = (Map<?, ?>) value;
      Object[] keys = new Object[entries.size()];
      Object[] values = new Object[entries.size()];
      int i = 0;
      for (Map.Entry<?, ?> e : entries.entrySet()) {
        keys[i] = value(e.getKey(), map.keyType());
        values[i++] = value(e.getValue(), map.valueType());
      }
      return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
    }
    if (type instanceof StructType struct) {
      Object[] fields = (Object[]) value;
      Object[] out = new Object[fields.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = value(fields[i], struct.fields()[i].dataType());
      }
      return new GenericInternalRow(out);
    }
    return value;
  }
}
