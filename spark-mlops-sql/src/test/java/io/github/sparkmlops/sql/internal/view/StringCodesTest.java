package io.github.sparkmlops.sql.internal.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.sparkmlops.sql.internal.read.DictionaryIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.execution.vectorized.Dictionary;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * {@link StringCodes} gives the same code to the same string whether a batch kept its Parquet
 * dictionary or not, batch after batch, each batch with a dictionary of its own.
 */
class StringCodesTest {

  private static final int ROWS = 500;

  /** A batch's column of {@code strings}, as Spark's reader leaves dictionary-encoded pages. */
  private static WritableColumnVector dictionaryEncoded(List<String> dictionary, String[] rows) {
    OnHeapColumnVector column = new OnHeapColumnVector(rows.length, DataTypes.StringType);
    WritableColumnVector ids = column.reserveDictionaryIds(rows.length);
    for (int r = 0; r < rows.length; r++) {
      if (rows[r] == null) {
        column.putNull(r);
      } else {
        ids.putInt(r, dictionary.indexOf(rows[r]));
      }
    }
    column.setDictionary(new Dictionary() {
      @Override
      public byte[] decodeToBinary(int id) {
        return dictionary.get(id).getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public int decodeToInt(int id) {
        throw new UnsupportedOperationException();
      }

      @Override
      public long decodeToLong(int id) {
        throw new UnsupportedOperationException();
      }

      @Override
      public float decodeToFloat(int id) {
        throw new UnsupportedOperationException();
      }

      @Override
      public double decodeToDouble(int id) {
        throw new UnsupportedOperationException();
      }
    });
    return column;
  }

  /** The same strings written out, as a plain-encoded page leaves them. */
  private static WritableColumnVector plain(String[] rows) {
    OnHeapColumnVector column = new OnHeapColumnVector(rows.length, DataTypes.StringType);
    for (int r = 0; r < rows.length; r++) {
      if (rows[r] == null) {
        column.putNull(r);
      } else {
        byte[] bytes = rows[r].getBytes(StandardCharsets.UTF_8);
        column.putByteArray(r, bytes, 0, bytes.length);
      }
    }
    return column;
  }

  @Test
  void aStringKeepsItsCodeAcrossBatchesAndDictionaries() {
    Random random = new Random(7);
    List<String> universe = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      universe.add(i % 3 == 0 ? "näme-" + i : "name " + i);
    }
    StringCodes codes = new StringCodes("CONFIG");
    List<String> seen = new ArrayList<>();
    for (int batch = 0; batch < 12; batch++) {
      // every batch its own dictionary: the same id means another string in the next one
      List<String> dictionary = new ArrayList<>(universe.subList(0, 100 + 20 * batch));
      Collections.shuffle(dictionary, random);
      String[] rows = new String[ROWS];
      for (int r = 0; r < ROWS; r++) {
        rows[r] = random.nextInt(10) == 0 ? null
            : dictionary.get(random.nextInt(dictionary.size()));
      }
      boolean encoded = batch % 3 != 2;
      WritableColumnVector column = encoded ? dictionaryEncoded(dictionary, rows) : plain(rows);
      if (encoded) {
        assertNotNull(DictionaryIds.of(column));
      } else {
        assertNull(DictionaryIds.of(column));
      }
      codes.read(column);
      for (int r = 0; r < ROWS; r++) {
        int code = codes.code(r);
        assertEquals(rows[r], codes.string(code), "batch " + batch + ", row " + r);
        if (rows[r] != null && !seen.contains(rows[r])) {
          seen.add(rows[r]);
        }
        // codes are given in the order strings are first seen, after null (0) and CONFIG (1)
        assertEquals(rows[r] == null ? 0 : 2 + seen.indexOf(rows[r]), code);
      }
    }
    assertEquals("CONFIG", codes.string(1));
  }
}
