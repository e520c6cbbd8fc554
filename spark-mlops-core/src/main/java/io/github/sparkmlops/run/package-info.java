/**
 * A run of a Spark application as the store sees it: {@link io.github.sparkmlops.run.RunContext},
 * where its records come from, and {@link io.github.sparkmlops.run.FlushReport}, where they stand.
 */
package io.github.sparkmlops.run;
