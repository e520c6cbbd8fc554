package io.github.sparkmlops.internal.store;

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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.spark.sql.types.DataTypes;

/**
 * One store table, declared once: its name (also its directory under the store root and its name
 * in the catalog), its columns, its partitioning by {@link StoreSchema#DATE}, and how a record of
 * type {@code R} becomes a row. The writer, the readers and the catalog work from these specs, so a
 * new table is one new spec. Each column's meaning is declared with it, for the generated reference
 * page {@code docs/reference/store-tables.md}; it is kept in code only, not in the Delta schema
 * (field metadata would change the stored schema of existing stores).
 *
 * <p>A row is an {@code Object[]} in this spec's column order, filled by column name through
 * {@link RowBuilder}. Values are strings, boxed numbers and booleans, {@code Long} microseconds for
 * timestamps and {@code Integer} days for dates ({@link StoreTime}), {@code Object[]} for structs and
 * {@code List} for arrays. Columns are only ever added, at the end and nullable, so that a table
 * written by an older spec can be upgraded in place (see {@link DeltaTableWriter}).
 *
 * @param <R> the record a row is made from
 */
public final class TableSpec<R> {

  private final String name;
  private final StructType schema;
  private final Map<String, String> meanings;
  private final BiConsumer<R, RowBuilder> encoder;
  private final Map<String, Integer> ordinals = new HashMap<>();
  private final int dateOrdinal;

  /**
   * @param name the table's name and directory
   * @param schema its columns; must contain {@link StoreSchema#DATE}, the partition column
   * @param meanings what each column holds, by column name (see {@link #meanings(String...)}):
   *     every column needs one, and a meaning for a column the schema lacks is refused as a typo
   * @param encoder fills a row from a record, column by column
   */
  public TableSpec(String name, StructType schema, Map<String, String> meanings,
      BiConsumer<R, RowBuilder> encoder) {
    this.name = name;
    this.schema = schema;
    this.encoder = encoder;
    for (int i = 0; i < schema.length(); i++) {
      ordinals.put(schema.at(i).getName(), i);
    }
    this.meanings = checkedMeanings(name,
        schema.fields().stream().map(StructField::getName).toList(), meanings);
    Integer date = ordinals.get(StoreSchema.DATE);
    if (date == null || !(schema.at(date).getDataType() instanceof DateType)) {
      throw new IllegalArgumentException("table " + name + " needs a date column '"
          + StoreSchema.DATE + "' to be partitioned by");
    }
    this.dateOrdinal = date;
  }

  /** The table's name: its directory under the store root and its name in the catalog. */
  public String name() {
    return name;
  }

  /** What each column holds, by column name, in column order. */
  public Map<String, String> meanings() {
    return meanings;
  }

  /**
   * The meanings of a table's (or a view's) columns, in column order.
   *
   * @throws IllegalArgumentException if a column has no meaning, or a meaning names a column the
   *     table lacks (a typo)
   */
  public static Map<String, String> checkedMeanings(String table, List<String> columns,
      Map<String, String> meanings) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String column : columns) {
      String meaning = meanings.get(column);
      if (meaning == null || meaning.isBlank()) {
        throw new IllegalArgumentException(table + ": column '" + column + "' needs a meaning");
      }
      out.put(column, meaning);
    }
    for (String column : meanings.keySet()) {
      if (!out.containsKey(column)) {
        throw new IllegalArgumentException(table + " has no column '" + column
            + "' to give a meaning to");
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Column meanings from pairs of a column name and its meaning, in order; where a name comes
   * twice, the later meaning wins, so that a table can say more about a shared column.
   */
  public static Map<String, String> meanings(String... namesAndMeanings) {
    if (namesAndMeanings.length % 2 != 0) {
      throw new IllegalArgumentException("a column name without a meaning");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndMeanings.length; i += 2) {
      out.put(namesAndMeanings[i], namesAndMeanings[i + 1]);
    }
    return out;
  }

  /** {@code parts} in order, a later part's meaning of a column replacing an earlier one's. */
  @SafeVarargs
  public static Map<String, String> meanings(Map<String, String>... parts) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map<String, String> part : parts) {
      out.putAll(part);
    }
    return out;
  }

  /** The columns as a Kernel schema (a relocated type in the assembly jar: for this library's use). */
  public StructType schema() {
    return schema;
  }

  /** The columns as a Spark schema, for readers and the catalog. */
  public org.apache.spark.sql.types.StructType sparkSchema() {
    return sparkSchema(schema);
  }

  /** The Spark schema of store columns (any subset of a spec's, as a pruned read asks for). */
  public static org.apache.spark.sql.types.StructType sparkSchema(StructType columns) {
    return (org.apache.spark.sql.types.StructType) toSpark(columns);
  }

  /** The partition columns: every store table is partitioned by {@link StoreSchema#DATE}. */
  public List<String> partitionColumns() {
    return List.of(StoreSchema.DATE);
  }

  /** The row for a record. */
  public Object[] encode(R record) {
    RowBuilder row = new RowBuilder();
    encoder.accept(record, row);
    return row.values;
  }

  /** The partition value of a row of this spec: its date, as days since the epoch. */
  int dateOf(Object[] row) {
    return (Integer) row[dateOrdinal];
  }

  /** The position of a column in this spec's rows, or -1 when the spec has no such column. */
  int ordinal(String column) {
    return ordinals.getOrDefault(column, -1);
  }

  @Override
  public String toString() {
    return "TableSpec[" + name + "]";
  }

  /** Fills one row by column name; an unknown column is a bug in the encoder, so it throws. */
  public final class RowBuilder {

    private final Object[] values = new Object[schema.length()];

    private RowBuilder() {}

    /** Sets a column's value (null leaves it null). */
    public RowBuilder set(String column, Object value) {
      int i = ordinal(column);
      if (i < 0) {
        throw new IllegalArgumentException("table " + name + " has no column '" + column + "'");
      }
      values[i] = value;
      return this;
    }
  }

  /** The Spark type of a Kernel type of a store column. */
  public static org.apache.spark.sql.types.DataType toSpark(DataType type) {
    if (type instanceof StructType struct) {
      org.apache.spark.sql.types.StructType out = new org.apache.spark.sql.types.StructType();
      for (StructField f : struct.fields()) {
        out = out.add(f.getName(), toSpark(f.getDataType()), f.isNullable());
      }
      return out;
    }
    if (type instanceof ArrayType array) {
      return DataTypes.createArrayType(toSpark(array.getElementType()), array.containsNull());
    }
    if (type instanceof StringType) {
      return DataTypes.StringType;
    }
    if (type instanceof DoubleType) {
      return DataTypes.DoubleType;
    }
    if (type instanceof LongType) {
      return DataTypes.LongType;
    }
    if (type instanceof BooleanType) {
      return DataTypes.BooleanType;
    }
    if (type instanceof DateType) {
      return DataTypes.DateType;
    }
    if (type instanceof TimestampType) {
      return DataTypes.TimestampType;
    }
    throw new IllegalArgumentException("no Spark type for the store column type " + type);
  }
}
