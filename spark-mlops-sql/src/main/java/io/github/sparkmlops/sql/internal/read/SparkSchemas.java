package io.github.sparkmlops.sql.internal.read;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import org.apache.spark.sql.types.DataTypes;

/** Spark's view of the store's Kernel schemas: the same columns, so they are defined only once. */
public final class SparkSchemas {

  private SparkSchemas() {}

  /** The Spark schema of a Kernel schema. */
  public static org.apache.spark.sql.types.StructType toSpark(StructType kernel) {
    org.apache.spark.sql.types.StructType spark = new org.apache.spark.sql.types.StructType();
    for (StructField field : kernel.fields()) {
      spark = spark.add(field.getName(), toSpark(field.getDataType()), field.isNullable());
    }
    return spark;
  }

  private static org.apache.spark.sql.types.DataType toSpark(DataType type) {
    if (type instanceof StringType) {
      return DataTypes.StringType;
    } else if (type instanceof DoubleType) {
      return DataTypes.DoubleType;
    } else if (type instanceof LongType) {
      return DataTypes.LongType;
    } else if (type instanceof BooleanType) {
      return DataTypes.BooleanType;
    } else if (type instanceof TimestampType) {
      return DataTypes.TimestampType;
    } else if (type instanceof DateType) {
      return DataTypes.DateType;
    } else if (type instanceof ArrayType array) {
      return DataTypes.createArrayType(toSpark(array.getElementType()), array.containsNull());
    } else if (type instanceof StructType struct) {
      return toSpark(struct);
    }
    throw new IllegalStateException("The store has no column of type " + type);
  }
}
