package io.github.sparkmlops.internal.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** ExactCounts against a HashMap of the same values. */
class ExactCountsTest {

  @Test
  void countsEqualAHashMapForStringsOfEveryLengthAndOtherValues() {
    Random random = new Random(7);
    ExactCounts counts = new ExactCounts(10_000);
    Map<Object, Long> expected = new HashMap<>();
    String[] tricky = {"", "a", "a\0", "a\0\0\0\0\0\0\0", "abcdefgh", "abcdefgh1", "abcdefgh2",
        "é", "日本語", "0123456789abcdef", "0123456789abcdeg"};
    for (int i = 0; i < 100_000; i++) {
      String label = i % 3 == 0 ? tricky[random.nextInt(tricky.length)]
          : "v".repeat(random.nextInt(12)) + random.nextInt(300);
      UTF8String value = UTF8String.fromString(label);
      assertTrue(counts.add(value, 1));
      expected.merge(value.clone(), 1L, Long::sum);
    }
    for (Object other : new Object[] {1L, 1, true, false, 1L}) {
      assertTrue(counts.add(other, 2));
      expected.merge(other, 2L, Long::sum);
    }
    assertEquals(expected, asMap(counts));
    assertEquals(expected.size(), counts.size());
  }

  @Test
  void weightedSumMultipliesEachCountByItsWeight() {
    ExactCounts counts = new ExactCounts(10);
    counts.add(UTF8String.fromString("ab"), 3);
    counts.add(UTF8String.fromString("a-longer-label"), 2);
    assertEquals(3 * 2 + 2 * 14,
        counts.weightedSum(v -> ((UTF8String) v).numChars()));
  }

  @Test
  void aNewValuePastTheBoundIsRefusedAndNothingIsCounted() {
    ExactCounts counts = new ExactCounts(3);
    for (String s : new String[] {"a", "b", "a-value-past-8-bytes"}) {
      assertTrue(counts.add(UTF8String.fromString(s), 1));
    }
    assertFalse(counts.add(UTF8String.fromString("d"), 1));
    assertFalse(counts.add(42L, 1));
    assertTrue(counts.add(UTF8String.fromString("a-value-past-8-bytes"), 5), "known values still count");
    assertEquals(Map.of(UTF8String.fromString("a"), 1L, UTF8String.fromString("b"), 1L,
        UTF8String.fromString("a-value-past-8-bytes"), 6L), asMap(counts));
  }

  @Test
  void aStringIsCopiedSoReusingItsBufferChangesNothing() {
    byte[] buffer = "first-value-of-a-row".getBytes(StandardCharsets.UTF_8);
    ExactCounts counts = new ExactCounts(10);
    counts.add(UTF8String.fromBytes(buffer, 0, 5), 1);
    counts.add(UTF8String.fromBytes(buffer), 1);
    java.util.Arrays.fill(buffer, (byte) 'x');
    assertEquals(Map.of(UTF8String.fromString("first"), 1L,
        UTF8String.fromString("first-value-of-a-row"), 1L), asMap(counts));
  }

  @Test
  void bytesKeepEveryCountAndEveryKindOfValue() {
    ExactCounts counts = new ExactCounts(1_000);
    for (int i = 0; i < 700; i++) {
      counts.add(UTF8String.fromString("k" + i % 500), 1);
    }
    Object[] others = {true, (byte) -3, (short) 300, 70_000, 1L << 40, 2.5f, -0.25,
        Decimal.apply(new BigDecimal("12.340"), 10, 3)};
    for (Object o : others) {
      counts.add(o, 7);
    }
    ExactCounts copy = ExactCounts.fromBytes(counts.toBytes());
    assertEquals(asMap(counts), asMap(copy));
    for (Object o : others) {
      assertEquals(o.getClass(), asMap(copy).keySet().stream().filter(o::equals).findFirst()
          .orElseThrow().getClass(), "a " + o.getClass().getSimpleName() + " stays one");
    }
    assertTrue(copy.add(UTF8String.fromString("k1"), 1));
    assertEquals(3L, asMap(copy).get(UTF8String.fromString("k1")));
    ExactCounts full = new ExactCounts(2);
    full.add(1, 1);
    full.add(2, 1);
    assertFalse(ExactCounts.fromBytes(full.toBytes()).add(3, 1), "the bound travels too");
  }

  @Test
  void aValueOfAnotherTypeTravelsAsItsLabel() {
    ExactCounts counts = new ExactCounts(10);
    counts.add(java.util.List.of(1, 2), 4);
    assertEquals(Map.of("[1, 2]", 4L), asMap(ExactCounts.fromBytes(counts.toBytes())));
  }

  private static Map<Object, Long> asMap(ExactCounts counts) {
    Map<Object, Long> out = new HashMap<>();
    counts.forEach((value, count) -> out.put(value, count));
    return out;
  }
}
