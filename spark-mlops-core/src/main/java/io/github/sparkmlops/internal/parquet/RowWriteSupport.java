package io.github.sparkmlops.internal.parquet;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Hands parquet-mr one row of the current {@link ColumnarBatch} at a time, by its row number.
 *
 * <p>How to write each field is worked out once from the schema ({@link Binding}); it is bound to
 * a batch's vectors once per batch ({@link #use}), and to an array's or a map's elements once per
 * value, so that a struct's child vectors are asked for once, not once per row.
 */
final class RowWriteSupport extends WriteSupport<Integer> {

  /** The key in a file's footer metadata that says this writer wrote it. */
  static final String WRITER_KEY = "io.github.sparkmlops.parquet-writer";

  /** How to write the values of one type: bound to a vector, it writes that vector's rows. */
  private interface Binding {
    Bound bind(ColumnVector vector);
  }

  /** Writes the value at {@code row}, not null, of the vector it is bound to. */
  private interface Bound {
    void write(RecordConsumer out, int row);
  }

  /** A field of a group bound to its vector: written where its value is not null. */
  private record Field(String name, int index, ColumnVector vector, Bound bound) {
    void write(RecordConsumer out, int row) {
      if (vector.isNullAt(row)) {
        return; // Parquet's null: the field is left out
      }
      out.startField(name, index);
      bound.write(out, row);
      out.endField(name, index);
    }
  }

  private final StructType schema;
  private final MessageType parquetSchema;
  private final Binding[] columns;
  private Field[] fields;
  private RecordConsumer out;

  RowWriteSupport(StructType schema) {
    this.schema = schema;
    this.parquetSchema = ParquetSchemas.of(schema);
    this.columns = schema.fields().stream().map(f -> bindingOf(f.getDataType()))
        .toArray(Binding[]::new);
  }

  StructType schema() {
    return schema;
  }

  /** The batch whose rows the following {@code write} calls name. */
  void use(ColumnarBatch batch) {
    fields = new Field[columns.length];
    for (int i = 0; i < columns.length; i++) {
      ColumnVector vector = batch.getColumnVector(i);
      fields[i] = new Field(schema.at(i).getName(), i, vector, columns[i].bind(vector));
    }
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return context();
  }

  @Override
  @SuppressWarnings("deprecation") // abstract in parquet-mr: a write support must have it
  public WriteContext init(Configuration configuration) {
    return context();
  }

  private WriteContext context() {
    return new WriteContext(parquetSchema, Map.of(WRITER_KEY, "spark-mlops"));
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public void write(Integer row) {
    out.startMessage();
    for (Field field : fields) {
      field.write(out, row);
    }
    out.endMessage();
  }

  private static Binding bindingOf(DataType type) {
    if (type instanceof StructType struct) {
      return structBinding(struct);
    }
    if (type instanceof ArrayType array) {
      return arrayBinding(bindingOf(array.getElementType()));
    }
    if (type instanceof MapType map) {
      return mapBinding(bindingOf(map.getKeyType()), bindingOf(map.getValueType()));
    }
    if (type instanceof StringType) {
      return v -> (out, row) -> out.addBinary(Binary.fromString(v.getString(row)));
    }
    if (type instanceof IntegerType || type instanceof DateType) {
      return v -> (out, row) -> out.addInteger(v.getInt(row));
    }
    if (type instanceof BooleanType) {
      return v -> (out, row) -> out.addBoolean(v.getBoolean(row));
    }
    if (type instanceof DoubleType) {
      return v -> (out, row) -> out.addDouble(v.getDouble(row));
    }
    if (type instanceof FloatType) {
      return v -> (out, row) -> out.addFloat(v.getFloat(row));
    }
    // long, timestamp and timestamp_ntz (ParquetSchemas covers no other type): a long, the
    // latter two in microseconds
    return v -> (out, row) -> out.addLong(v.getLong(row));
  }

  private static Binding structBinding(StructType struct) {
    List<StructField> structFields = struct.fields();
    Binding[] children = structFields.stream().map(f -> bindingOf(f.getDataType()))
        .toArray(Binding[]::new);
    return vector -> {
      Field[] bound = new Field[children.length];
      for (int i = 0; i < children.length; i++) {
        ColumnVector child = vector.getChild(i);
        bound[i] = new Field(structFields.get(i).getName(), i, child, children[i].bind(child));
      }
      return (out, row) -> {
        out.startGroup();
        for (Field field : bound) {
          field.write(out, row);
        }
        out.endGroup();
      };
    };
  }

  /** A list: a group holding one repeated group {@code list} per element. */
  private static Binding arrayBinding(Binding element) {
    return vector -> (out, row) -> {
      ArrayValue array = vector.getArray(row);
      out.startGroup();
      int size = array.getSize();
      if (size > 0) {
        ColumnVector elements = array.getElements();
        Field field = new Field("element", 0, elements, element.bind(elements));
        out.startField("list", 0);
        for (int i = 0; i < size; i++) {
          out.startGroup();
          field.write(out, i);
          out.endGroup();
        }
        out.endField("list", 0);
      }
      out.endGroup();
    };
  }

  /** A map: a group holding one repeated group {@code key_value} per entry. */
  private static Binding mapBinding(Binding key, Binding value) {
    return vector -> (out, row) -> {
      MapValue map = vector.getMap(row);
      out.startGroup();
      int size = map.getSize();
      if (size > 0) {
        ColumnVector keys = map.getKeys();
        ColumnVector values = map.getValues();
        Field keyField = new Field("key", 0, keys, key.bind(keys));
        Field valueField = new Field("value", 1, values, value.bind(values));
        out.startField("key_value", 0);
        for (int i = 0; i < size; i++) {
          out.startGroup();
          keyField.write(out, i);
          valueField.write(out, i);
          out.endGroup();
        }
        out.endField("key_value", 0);
      }
      out.endGroup();
    };
  }
}
