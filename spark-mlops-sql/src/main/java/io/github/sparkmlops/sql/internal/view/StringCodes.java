package io.github.sparkmlops.sql.internal.view;

import io.github.sparkmlops.sql.internal.read.DictionaryIds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The strings of one column as small integer codes, the same code for the same string in every
 * batch read: comparing and hashing codes is cheaper than comparing and hashing the strings. Where
 * a batch kept its Parquet dictionary ({@link DictionaryIds}), each dictionary entry is decoded and
 * looked up once per batch; otherwise every row's string is. Code 0 is null, codes 1 on the
 * strings given to the constructor.
 */
final class StringCodes {

  private final Map<UTF8String, Integer> codes = new HashMap<>();
  private final List<String> strings = new ArrayList<>();
  private ColumnVector column;
  private ColumnVector ids;
  /** The code of each dictionary id of the current batch, -1 where not looked up yet. */
  private int[] byId = new int[64];

  /** Codes whose first strings, from code 1 on, are {@code known}. */
  StringCodes(String... known) {
    strings.add(null);
    for (String text : known) {
      lookUp(UTF8String.fromString(text));
    }
  }

  /** Codes {@code batchColumn}'s rows from now on. */
  void read(ColumnVector batchColumn) {
    column = batchColumn;
    ids = DictionaryIds.of(batchColumn);
    if (ids != null) {
      Arrays.fill(byId, -1);
    }
  }

  /** The code of the current column's string at {@code row}. */
  int code(int row) {
    if (column.isNullAt(row)) {
      return 0;
    }
    if (ids == null) {
      return lookUp(column.getUTF8String(row));
    }
    int id = ids.getInt(row);
    if (id >= byId.length) {
      int length = byId.length;
      byId = Arrays.copyOf(byId, Math.max(id + 1, length * 2));
      Arrays.fill(byId, length, byId.length, -1);
    }
    if (byId[id] < 0) {
      byId[id] = lookUp(column.getUTF8String(row));
    }
    return byId[id];
  }

  /** The string of {@code code}. */
  String string(int code) {
    return strings.get(code);
  }

  private int lookUp(UTF8String text) {
    Integer code = codes.get(text);
    if (code == null) {
      // the vector's bytes are reused by the next batch: the key is a copy
      UTF8String kept = text.copy();
      code = strings.size();
      codes.put(kept, code);
      strings.add(kept.toString());
    }
    return code;
  }
}
