package io.github.sparkmlops.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the README's copy of the demo's listing is compared with what the demo printed. Not an
 * integration test, but run by failsafe: the JVM the demo's tests need anyway runs it, where a
 * test of this module's own would start one more.
 */
class DemoListingIT {

  private static final List<String> README = List.of(
      "spark-mlops demo: FlushReport[acknowledged=2199, written=2199, pending=0]",
      "store: file:/…/examples/spark-warehouse/mlops",
      "stats table: 2177 rows",
      "  accuracy                             NUMBER           1",
      "  …",
      "  training.loss                        NUMBER           5",
      "model churn version 1: Production, accuracy 0.70");

  @Test
  void countsScoresPathsAndColumnWidthsMayDiffer() {
    assertEquals(List.of(), DemoListing.differences(README, List.of(
        "spark-mlops demo: FlushReport[acknowledged=1123, written=1123, pending=0]",
        "store: file:/tmp/junit42/mlops-store",
        "stats table: 1120 rows",
        "  accuracy  NUMBER  1",
        "  age.histogram  HISTOGRAM  1",
        "  daily.revenue  KPI  7",
        "  training.loss  NUMBER  5",
        "model churn version 3: Production, accuracy 0.71")));
  }

  @Test
  void eachDifferenceIsNamed() {
    assertEquals(List.of(
        "the demo printed \"SHOW TABLES IN mlops: stats, events\", which README does not show",
        "README shows \"model churn version 1: Production, accuracy 0.70\", which the demo did not"
            + " print after \"  training.loss  NUMBER  5\"",
        "README leaves out the row \"  loss  NUMBER  5\" without a … line in its place",
        "the demo printed \"model churn version 3: Production, AUC 0.71\", which README does not"
            + " show"),
        DemoListing.differences(README, List.of(
            "spark-mlops demo: FlushReport[acknowledged=1123, written=1123, pending=0]",
            "store: file:/tmp/junit42/mlops-store",
            "SHOW TABLES IN mlops: stats, events",
            "stats table: 1120 rows",
            "  accuracy  NUMBER  1",
            "  age.histogram  HISTOGRAM  1",
            "  training.loss  NUMBER  5",
            "  loss  NUMBER  5",
            "model churn version 3: Production, AUC 0.71")));
  }
}
