package io.github.sparkmlops.value;

import io.github.sparkmlops.internal.value.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A table of typed cells with column names and optional row names, e.g. a confusion matrix.
 *
 * <pre>{@code
 * Table t = Table.builder("predicted", "support")
 *     .namedRow("cat", 41.0, 50L)
 *     .namedRow("dog", 38.0, 45L)
 *     .build();
 * }</pre>
 *
 * <p>A cell is a {@link Number} (stored as a double), a {@link String}, a {@link Boolean}, or null.
 * Each column has one type, taken from its first non-null cell; a column of nulls is a
 * {@link CellType#STRING} column. Every row has exactly one cell per column.
 */
public final class Table implements StatValue {

  /** The type of a column's cells. */
  public enum CellType {
    /** Numbers, as {@link Double}. */
    NUMBER,
    /** Text, as {@link String}. */
    STRING,
    /** Booleans, as {@link Boolean}. */
    BOOLEAN
  }

  private final List<String> columnNames;
  private final List<CellType> columnTypes;
  private final List<String> rowNames;
  private final List<List<Object>> rows;

  private Table(
      List<String> columnNames, List<CellType> columnTypes, List<String> rowNames,
      List<List<Object>> rows) {
    this.columnNames = columnNames;
    this.columnTypes = columnTypes;
    this.rowNames = rowNames;
    this.rows = rows;
  }

  /**
   * Starts a table with these column names (distinct, at least one, each a valid name).
   *
   * @param columnNames the columns' names
   * @return the builder
   */
  public static Builder builder(String... columnNames) {
    return builder(Arrays.asList(Require.notNull("columnNames", columnNames)));
  }

  /**
   * Starts a table with these column names (distinct, at least one, each a valid name).
   *
   * @param columnNames the columns' names
   * @return the builder
   */
  public static Builder builder(List<String> columnNames) {
    Require.notNull("columnNames", columnNames);
    if (columnNames.isEmpty()) {
      throw new IllegalArgumentException("columnNames must not be empty");
    }
    return new Builder(Require.labels("columnNames", columnNames, columnNames.size()));
  }

  /**
   * The column names, in order.
   *
   * @return the names
   */
  public List<String> columnNames() {
    return columnNames;
  }

  /**
   * The type of each column, in column order.
   *
   * @return the types
   */
  public List<CellType> columnTypes() {
    return columnTypes;
  }

  /**
   * The row names, with null where a row has none.
   *
   * @return the row names
   */
  public List<String> rowNames() {
    return rowNames;
  }

  /**
   * The cells, row by row: {@link Double}, {@link String}, {@link Boolean} or null.
   *
   * @return the rows
   */
  public List<List<Object>> rows() {
    return rows;
  }

  @Override
  public StatType type() {
    return StatType.TABLE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Table t
        && columnNames.equals(t.columnNames)
        && columnTypes.equals(t.columnTypes)
        && rowNames.equals(t.rowNames)
        && rows.equals(t.rows);
  }

  @Override
  public int hashCode() {
    return columnNames.hashCode() * 31 + rows.hashCode();
  }

  @Override
  public String toString() {
    return "Table" + columnNames + rows;
  }

  /** Collects rows; {@link #build()} checks the column types. Not thread-safe. */
  public static final class Builder {
    private final List<String> columnNames;
    private final List<String> rowNames = new ArrayList<>();
    private final List<List<Object>> rows = new ArrayList<>();

    private Builder(List<String> columnNames) {
      this.columnNames = columnNames;
    }

    /**
     * Adds a row without a name.
     *
     * @param cells one cell per column
     * @return this builder, to chain calls
     */
    public Builder row(Object... cells) {
      return addRow(null, cells);
    }

    /**
     * Adds a named row; the row name follows the same rule as a stat name.
     *
     * @param rowName the row's name
     * @param cells one cell per column
     * @return this builder, to chain calls
     */
    public Builder namedRow(String rowName, Object... cells) {
      return addRow(Require.name("rowName", rowName), cells);
    }

    private Builder addRow(String rowName, Object[] cells) {
      Require.notNull("cells", cells);
      int index = rows.size();
      if (cells.length != columnNames.size()) {
        throw new IllegalArgumentException(
            "row " + index + " has " + cells.length + " cells but the table has "
                + columnNames.size() + " columns (ragged rows are not allowed)");
      }
      List<Object> row = new ArrayList<>(cells.length);
      for (int c = 0; c < cells.length; c++) {
        row.add(normalise(cells[c], index, c));
      }
      rowNames.add(rowName);
      rows.add(Collections.unmodifiableList(row));
      return this;
    }

    private static Object normalise(Object cell, int row, int column) {
      if (cell == null || cell instanceof String || cell instanceof Boolean) {
        return cell;
      }
      if (cell instanceof Number n) {
        return n.doubleValue();
      }
      throw new IllegalArgumentException(
          "cell (" + row + ", " + column + ") must be a Number, String, Boolean or null, got "
              + cell.getClass().getName());
    }

    /**
     * Builds the table; each column's cells must all have the column's type.
     *
     * @return the table
     */
    public Table build() {
      List<CellType> types = new ArrayList<>();
      for (int c = 0; c < columnNames.size(); c++) {
        CellType type = null;
        for (int r = 0; r < rows.size(); r++) {
          Object cell = rows.get(r).get(c);
          if (cell == null) {
            continue;
          }
          CellType cellType = typeOf(cell);
          if (type == null) {
            type = cellType;
          } else if (type != cellType) {
            throw new IllegalArgumentException(
                "column '" + columnNames.get(c) + "' holds " + type + " cells, but cell (" + r
                    + ", " + c + ") is " + cellType);
          }
        }
        types.add(type == null ? CellType.STRING : type);
      }
      return new Table(columnNames, List.copyOf(types),
          Collections.unmodifiableList(new ArrayList<>(rowNames)), List.copyOf(rows));
    }

    private static CellType typeOf(Object cell) {
      if (cell instanceof Double) {
        return CellType.NUMBER;
      }
      return cell instanceof Boolean ? CellType.BOOLEAN : CellType.STRING;
    }
  }
}
