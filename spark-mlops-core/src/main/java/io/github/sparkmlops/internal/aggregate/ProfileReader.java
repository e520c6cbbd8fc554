package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.profile.ColumnKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Feeds the profiled inputs of rows, or of whole column batches, into a {@link ProfileBuffer}.
 * Plain references to double, long, int and string columns (the common case) are read straight
 * from the row, or from the column vector in a tight loop per column; every other input through an
 * {@link Input} of its own, evaluated on the row. Null values are skipped (they count as missing).
 * Long and int values are widened to double, as every numeric statistic is kept in doubles.
 */
public final class ProfileReader {

  private static final int DOUBLE = 0;
  private static final int LONG = 1;
  private static final int INT = 2;

  // plain numeric columns: profile column, row ordinal, type (DOUBLE, LONG or INT) and whether
  // it may be null, of each
  private final int[] numericColumns;
  private final int[] numericOrdinals;
  private final int[] numericTypes;
  private final boolean[] numericNullable;
  // the plain columns' states in the buffer last read into, found once per buffer rather than
  // once per row and column (with no null test of an input Spark says cannot be null, a row of
  // 2 numeric columns took about 20 ns against 24 ns)
  private ProfileBuffer statesOf;
  private final ProfileBuffer.Numeric[] numericStates;
  private final ProfileBuffer.Categorical[] stringStates;
  // plain string columns: profile column and row ordinal of each
  private final int[] stringColumns;
  private final int[] stringOrdinals;
  private final int[] otherColumns;
  private final Input[] others;
  private final boolean countsRows;

  /** Reads one input of a row into its column's state. */
  private interface Input {
    void read(InternalRow row, ProfileBuffer.Column state);
  }

  /** {@code inputs[i]}, bound to the rows to be read, is profiled as {@code spec.kinds()[i]}. */
  ProfileReader(List<Expression> inputs, ProfileAggregate.Spec spec) {
    this(inputs, spec, true);
  }

  /**
   * As above, where a null input is a column another reader of the same rows reads into the same
   * buffer, and only the reader that {@code countsRows} counts the rows.
   */
  ProfileReader(List<Expression> inputs, ProfileAggregate.Spec spec, boolean countsRows) {
    this.countsRows = countsRows;
    List<int[]> numeric = new ArrayList<>();
    List<int[]> strings = new ArrayList<>();
    List<Integer> otherColumnList = new ArrayList<>();
    List<Input> otherList = new ArrayList<>();
    for (int i = 0; i < spec.kinds().size(); i++) {
      Expression input = inputs.get(i);
      if (input == null) {
        continue;
      }
      ColumnKind kind = spec.kinds().get(i);
      DataType t = input.dataType();
      int ordinal = input instanceof BoundReference ref ? ref.ordinal() : -1;
      int type = t instanceof DoubleType ? DOUBLE : t instanceof LongType ? LONG
          : t instanceof IntegerType ? INT : -1;
      if (ordinal >= 0 && kind == ColumnKind.CONTINUOUS && type >= 0) {
        numeric.add(new int[] {i, ordinal, type, input.nullable() ? 1 : 0});
      } else if (ordinal >= 0 && kind == ColumnKind.CATEGORICAL && t instanceof StringType) {
        strings.add(new int[] {i, ordinal});
      } else {
        otherColumnList.add(i);
        otherList.add(input(kind, input));
      }
    }
    numericColumns = numeric.stream().mapToInt(c -> c[0]).toArray();
    numericOrdinals = numeric.stream().mapToInt(c -> c[1]).toArray();
    numericTypes = numeric.stream().mapToInt(c -> c[2]).toArray();
    numericNullable = new boolean[numeric.size()];
    for (int j = 0; j < numericNullable.length; j++) {
      numericNullable[j] = numeric.get(j)[3] == 1;
    }
    stringColumns = strings.stream().mapToInt(c -> c[0]).toArray();
    stringOrdinals = strings.stream().mapToInt(c -> c[1]).toArray();
    numericStates = new ProfileBuffer.Numeric[numericColumns.length];
    stringStates = new ProfileBuffer.Categorical[stringColumns.length];
    otherColumns = otherColumnList.stream().mapToInt(Integer::intValue).toArray();
    others = otherList.toArray(new Input[0]);
  }

  /** Adds one row. */
  void read(InternalRow row, ProfileBuffer buffer) {
    if (countsRows) {
      buffer.countRows(1);
    }
    bind(buffer);
    ProfileBuffer.Numeric[] numeric = numericStates;
    for (int j = 0; j < numeric.length; j++) {
      int o = numericOrdinals[j];
      if (!numericNullable[j] || !row.isNullAt(o)) {
        int type = numericTypes[j];
        numeric[j].add(type == DOUBLE ? row.getDouble(o)
            : type == LONG ? row.getLong(o) : row.getInt(o));
      }
    }
    ProfileBuffer.Categorical[] strings = stringStates;
    for (int j = 0; j < strings.length; j++) {
      if (!row.isNullAt(stringOrdinals[j])) {
        strings[j].add(row.getUTF8String(stringOrdinals[j]));
      }
    }
    readOthers(row, buffer);
  }

  /** Finds the plain columns' states in {@code buffer}, unless it is the buffer last read into. */
  private void bind(ProfileBuffer buffer) {
    if (buffer == statesOf) {
      return;
    }
    for (int j = 0; j < numericStates.length; j++) {
      numericStates[j] = (ProfileBuffer.Numeric) buffer.column(numericColumns[j]);
    }
    for (int j = 0; j < stringStates.length; j++) {
      stringStates[j] = (ProfileBuffer.Categorical) buffer.column(stringColumns[j]);
    }
    statesOf = buffer;
  }

  private void readOthers(InternalRow row, ProfileBuffer buffer) {
    for (int j = 0; j < others.length; j++) {
      others[j].read(row, buffer.column(otherColumns[j]));
    }
  }

  /**
   * Adds every row of a batch, a column at a time: each column's state stays in the cache while
   * its vector is read, and no row is materialised for the plain numeric and string columns.
   */
  void read(ColumnarBatch batch, ProfileBuffer buffer) {
    int rows = batch.numRows();
    if (countsRows) {
      buffer.countRows(rows);
    }
    for (int j = 0; j < numericColumns.length; j++) {
      ProfileBuffer.Numeric state = (ProfileBuffer.Numeric) buffer.column(numericColumns[j]);
      ColumnVector v = batch.column(numericOrdinals[j]);
      boolean nulls = v.hasNull();
      int type = numericTypes[j];
      for (int r = 0; r < rows; r++) {
        if (!nulls || !v.isNullAt(r)) {
          state.add(type == DOUBLE ? v.getDouble(r) : type == LONG ? v.getLong(r) : v.getInt(r));
        }
      }
    }
    for (int j = 0; j < stringColumns.length; j++) {
      ProfileBuffer.Categorical state =
          (ProfileBuffer.Categorical) buffer.column(stringColumns[j]);
      ColumnVector v = batch.column(stringOrdinals[j]);
      boolean nulls = v.hasNull();
      for (int r = 0; r < rows; r++) {
        if (!nulls || !v.isNullAt(r)) {
          state.add(v.getUTF8String(r));
        }
      }
    }
    if (others.length > 0) {
      for (int r = 0; r < rows; r++) {
        readOthers(batch.getRow(r), buffer);
      }
    }
  }

  private static Input input(ColumnKind kind, Expression input) {
    return switch (kind) {
      case CONTINUOUS -> numericInput(input);
      case CATEGORICAL -> (row, state) -> {
        Object v = input.eval(row);
        if (v != null) {
          ((ProfileBuffer.Categorical) state).add(v);
        }
      };
      case VECTOR -> vectorInput(input);
      case OTHER -> (row, state) -> {
        if (input.eval(row) != null) {
          ((ProfileBuffer.Other) state).add();
        }
      };
    };
  }

  /** Other numeric inputs (float, short, byte, decimal) are evaluated and unboxed. */
  private static Input numericInput(Expression input) {
    return (row, state) -> {
      Object v = input.eval(row);
      if (v != null) {
        ((ProfileBuffer.Numeric) state).add(v instanceof Decimal d ? d.toDouble()
            : ((Number) v).doubleValue());
      }
    };
  }

  private static Input vectorInput(Expression input) {
    if (input.dataType() instanceof ArrayType array) {
      DataType element = array.elementType();
      return (row, state) -> {
        ArrayData v = (ArrayData) input.eval(row);
        if (v != null) {
          double[] values = new double[v.numElements()];
          for (int j = 0; j < values.length; j++) {
            values[j] = v.isNullAt(j) ? Double.NaN : numberAt(v, j, element);
          }
          ((ProfileBuffer.Vectors) state).add(values);
        }
      };
    }
    // no MLlib type in this class's signatures: it must load where spark-mllib is absent
    return (row, state) -> {
      Object v = input.eval(row);
      if (v != null) {
        ((ProfileBuffer.Vectors) state).addInternal(v);
      }
    };
  }

  private static double numberAt(ArrayData array, int j, DataType t) {
    if (t instanceof DoubleType) {
      return array.getDouble(j);
    }
    if (t instanceof LongType) {
      return array.getLong(j);
    }
    if (t instanceof IntegerType) {
      return array.getInt(j);
    }
    if (t instanceof DecimalType d) {
      return array.getDecimal(j, d.precision(), d.scale()).toDouble();
    }
    return ((Number) array.get(j, t)).doubleValue();
  }
}
