package io.github.sparkmlops.sql;

import io.github.sparkmlops.HouseRules;
import org.junit.jupiter.api.Test;

/** The sql module keeps the rules of the house: see {@link HouseRules}. */
class SqlArchitectureTest {

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    HouseRules.assertNoPackageCycles(MLOpsSource.class);
  }

  @Test
  void thePublicApiIsTheListedOne() {
    HouseRules.assertApiListed(MLOpsSource.class);
  }
}
