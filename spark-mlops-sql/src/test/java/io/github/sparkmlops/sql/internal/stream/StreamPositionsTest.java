package io.github.sparkmlops.sql.internal.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.sql.internal.plan.DataFile;
import io.github.sparkmlops.sql.internal.plan.RowFilter;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.junit.jupiter.api.Test;

/** Offsets as the checkpoint keeps them, admission limits and date pruning, without Spark. */
class StreamPositionsTest {

  private static DataFile file(long size, Integer date) {
    return new DataFile("file:/t/" + size, size, 0, date);
  }

  @Test
  void offsetsRoundTripThroughTheirJsonAndRefuseOtherFormats() {
    for (StreamOffset offset : List.of(new StreamOffset("id-1", 7, 3, true),
        StreamOffset.atCommit("id-1", 8), StreamOffset.atCommit(null, 0))) {
      assertEquals(offset, StreamOffset.fromJson(offset.json()));
      assertEquals(offset, StreamOffset.of(offset.toSpark()));
    }
    IllegalStateException newer = assertThrows(IllegalStateException.class, () ->
        StreamOffset.fromJson("{\"format\":2,\"tableId\":\"x\",\"version\":1,\"index\":0,\"inSnapshot\":false}"));
    assertTrue(newer.getMessage().contains("format 2"), newer.getMessage());
  }

  @Test
  void admissionCountsFilesAndLetsTheFirstFileExceedTheBytes() {
    Admission files = Admission.of(ReadLimit.maxFiles(2));
    assertTrue(files.admit(file(10, 1)) && files.admit(file(10, 1)));
    assertFalse(files.admit(file(10, 1)));

    Admission bytes = Admission.of(ReadLimit.maxBytes(15));
    assertTrue(bytes.admit(file(100, 1)), "a batch holds at least one file");
    assertFalse(bytes.admit(file(1, 1)));

    Admission both = Admission.of(ReadLimit.compositeLimit(
        new ReadLimit[] {ReadLimit.maxFiles(5), ReadLimit.maxBytes(25)}));
    assertTrue(both.admit(file(10, 1)) && both.admit(file(10, 1)) && both.admit(file(10, 1)));
    assertFalse(both.admit(file(10, 1)), "30 bytes reached the 25-byte limit");
    assertTrue(Admission.of(ReadLimit.allAvailable()).admit(file(Long.MAX_VALUE / 2, 1)));
  }

  @Test
  void datePruningDropsOnlyFilesNoRowOfWhichCanPass() {
    RowFilter from20 = new RowFilter.Compare("date", ">=", 20);
    RowFilter named = new RowFilter.Compare("name", "=", "x");
    assertFalse(DatePruning.mayHold(Optional.of(from20), file(1, 19)));
    assertTrue(DatePruning.mayHold(Optional.of(from20), file(1, 20)));
    assertFalse(DatePruning.mayHold(Optional.of(from20), file(1, null)), "NULL fails a comparison");
    assertFalse(DatePruning.mayHold(Optional.of(new RowFilter.Junction("AND", named, from20)), file(1, 3)));
    assertTrue(DatePruning.mayHold(Optional.of(new RowFilter.Junction("OR", named, from20)), file(1, 3)));
    assertTrue(DatePruning.mayHold(Optional.of(new RowFilter.Not(from20)), file(1, 30)),
        "NOT never prunes");
    assertFalse(DatePruning.mayHold(Optional.of(new RowFilter.In("date", List.of(1, 2))), file(1, 3)));
    assertTrue(DatePruning.mayHold(Optional.of(new RowFilter.NullCheck("date", true)), file(1, null)));
    assertTrue(DatePruning.mayHold(Optional.empty(), file(1, 3)));
  }
}
