package io.github.sparkmlops.internal.store;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kernel {@link ColumnarBatch} over rows of plain Java objects. Kernel drops partition columns
 * with {@link #withDeletedColumnAt}, whose default body throws, so this batch implements it.
 */
public final class ObjectColumnarBatch implements ColumnarBatch {

  private final StructType schema;
  private final List<ColumnVector> columns;
  private final int size;

  /**
   * @param rows values in the row encoding of {@link ObjectColumnVector}, in the order of {@code
   *     schema}'s fields
   */
  public ObjectColumnarBatch(StructType schema, List<Object[]> rows) {
    this.schema = schema;
    this.size = rows.size();
    this.columns = new ArrayList<>(schema.length());
    for (int c = 0; c < schema.length(); c++) {
      List<Object> column = new ArrayList<>(rows.size());
      for (Object[] row : rows) {
        column.add(row[c]);
      }
      columns.add(new ObjectColumnVector(schema.at(c).getDataType(), column));
    }
  }

  private ObjectColumnarBatch(StructType schema, List<ColumnVector> columns, int size) {
    this.schema = schema;
    this.columns = columns;
    this.size = size;
  }

  @Override
  public StructType getSchema() {
    return schema;
  }

  @Override
  public ColumnVector getColumnVector(int ordinal) {
    return columns.get(ordinal);
  }

  @Override
  public int getSize() {
    return size;
  }

  @Override
  public ColumnarBatch withDeletedColumnAt(int ordinal) {
    List<StructField> fields = new ArrayList<>(schema.fields());
    fields.remove(ordinal);
    List<ColumnVector> remaining = new ArrayList<>(columns);
    remaining.remove(ordinal);
    return new ObjectColumnarBatch(new StructType(fields), remaining, size);
  }

  @Override
  public ColumnarBatch withNewColumn(int ordinal, StructField field, ColumnVector vector) {
    List<StructField> fields = new ArrayList<>(schema.fields());
    fields.add(ordinal, field);
    List<ColumnVector> all = new ArrayList<>(columns);
    all.add(ordinal, vector);
    return new ObjectColumnarBatch(new StructType(fields), all, size);
  }

  @Override
  public ColumnarBatch withNewSchema(StructType newSchema) {
    return new ObjectColumnarBatch(newSchema, columns, size);
  }
}
