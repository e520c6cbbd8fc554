package io.github.sparkmlops;

import org.junit.jupiter.api.Test;

/** The core module keeps the rules of the house: see {@link HouseRules}. */
class ArchitectureTest {

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    HouseRules.assertNoPackageCycles(MLOps.class);
  }

  @Test
  void thePublicApiIsTheListedOne() {
    HouseRules.assertApiListed(MLOps.class);
  }
}
