package io.github.sparkmlops.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A spec cannot be declared with a column whose meaning is missing, nor a meaning of no column. */
class TableSpecMeaningsTest {

  private static final StructType COLUMNS = StoreSchema.withContext().add("note", StringType.STRING);

  private static TableSpec<Object> spec(Map<String, String> meanings) {
    return new TableSpec<>("notes", COLUMNS, meanings, (r, row) -> { });
  }

  @Test
  void everyColumnNeedsAMeaningAndTheyKeepColumnOrder() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> spec(StoreSchema.CONTEXT_MEANINGS));
    assertTrue(missing.getMessage().contains("'note' needs a meaning"), missing.getMessage());

    TableSpec<Object> spec = spec(TableSpec.meanings(
        TableSpec.meanings("note", "A note."), StoreSchema.CONTEXT_MEANINGS));
    assertEquals(COLUMNS.fieldNames(), List.copyOf(spec.meanings().keySet()));
  }

  @Test
  void aMeaningForAColumnTheTableLacksIsATypo() {
    IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
        () -> spec(TableSpec.meanings(StoreSchema.CONTEXT_MEANINGS,
            TableSpec.meanings("note", "A note.", "nots", "A typo."))));
    assertTrue(typo.getMessage().contains("no column 'nots'"), typo.getMessage());
  }
}
