package io.github.sparkmlops.internal.parquet;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of a Kernel schema, in the layout the Parquet format specifies and Delta's
 * writers use: three-level lists ({@code list}, {@code element}) and maps ({@code key_value},
 * {@code key}, {@code value}), timestamps as microseconds in {@code INT64}, dates as days in
 * {@code INT32}, strings as UTF-8 {@code BINARY}; a nullable field is {@code optional}.
 */
final class ParquetSchemas {

  private ParquetSchemas() {}

  /**
   * Whether {@link #of} covers every field of {@code schema}: the types the store's tables and
   * Delta's checkpoints use, and no field metadata (column mapping gives fields Parquet ids, which
   * this writer does not write).
   */
  static boolean covers(StructType schema) {
    for (StructField field : schema.fields()) {
      if (!field.getMetadata().getEntries().isEmpty() || !covers(field.getDataType())) {
        return false;
      }
    }
    return true;
  }

  private static boolean covers(DataType type) {
    if (type instanceof StructType struct) {
      return covers(struct);
    }
    if (type instanceof ArrayType array) {
      return covers(array.getElementType());
    }
    if (type instanceof MapType map) {
      return covers(map.getKeyType()) && covers(map.getValueType());
    }
    return type instanceof BooleanType || type instanceof IntegerType || type instanceof LongType
        || type instanceof FloatType || type instanceof DoubleType || type instanceof StringType
        || type instanceof DateType || type instanceof TimestampType
        || type instanceof TimestampNTZType;
  }

  /** The Parquet schema of {@code schema}, which {@link #covers} must cover. */
  static MessageType of(StructType schema) {
    return new MessageType("kernel_schema", fields(schema));
  }

  private static List<Type> fields(StructType schema) {
    List<Type> fields = new ArrayList<>(schema.length());
    for (StructField field : schema.fields()) {
      fields.add(type(field.getName(), field.getDataType(), repetition(field.isNullable())));
    }
    return fields;
  }

  private static Type type(String name, DataType type, Repetition repetition) {
    if (type instanceof StructType struct) {
      return new GroupType(repetition, name, fields(struct));
    }
    if (type instanceof ArrayType array) {
      return Types.buildGroup(repetition).as(LogicalTypeAnnotation.listType())
          .addField(Types.repeatedGroup()
              .addField(type("element", array.getElementType(), repetition(array.containsNull())))
              .named("list"))
          .named(name);
    }
    if (type instanceof MapType map) {
      return Types.buildGroup(repetition).as(LogicalTypeAnnotation.mapType())
          .addField(Types.repeatedGroup()
              .addField(type("key", map.getKeyType(), Repetition.REQUIRED))
              .addField(type("value", map.getValueType(), repetition(map.isValueContainsNull())))
              .named("key_value"))
          .named(name);
    }
    return primitive(type, repetition).named(name);
  }

  private static Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> primitive(
      DataType type, Repetition repetition) {
    if (type instanceof BooleanType) {
      return Types.primitive(PrimitiveTypeName.BOOLEAN, repetition);
    }
    if (type instanceof IntegerType) {
      return Types.primitive(PrimitiveTypeName.INT32, repetition);
    }
    if (type instanceof LongType) {
      return Types.primitive(PrimitiveTypeName.INT64, repetition);
    }
    if (type instanceof FloatType) {
      return Types.primitive(PrimitiveTypeName.FLOAT, repetition);
    }
    if (type instanceof DoubleType) {
      return Types.primitive(PrimitiveTypeName.DOUBLE, repetition);
    }
    if (type instanceof StringType) {
      return Types.primitive(PrimitiveTypeName.BINARY, repetition)
          .as(LogicalTypeAnnotation.stringType());
    }
    if (type instanceof DateType) {
      return Types.primitive(PrimitiveTypeName.INT32, repetition)
          .as(LogicalTypeAnnotation.dateType());
    }
    if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      return Types.primitive(PrimitiveTypeName.INT64, repetition)
          .as(LogicalTypeAnnotation.timestampType(type instanceof TimestampType, TimeUnit.MICROS));
    }
    throw new IllegalArgumentException("No Parquet type for " + type);
  }

  private static Repetition repetition(boolean nullable) {
    return nullable ? Repetition.OPTIONAL : Repetition.REQUIRED;
  }
}
