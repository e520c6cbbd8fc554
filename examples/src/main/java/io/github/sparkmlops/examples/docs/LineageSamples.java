package io.github.sparkmlops.examples.docs;

import io.github.sparkmlops.MLOps;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The docs' samples of lineage: what queries read, and the training data of a model. */
final class LineageSamples {

  private LineageSamples() {}

  static void deltaInputs(SparkSession spark) {
    // sample: delta-inputs
    spark.read().format("mlops").option("table", "lineage").load()
        .where("direction = 'input' AND format = 'delta'")
        .select("path", "version", "files");
    // end sample: delta-inputs
  }

  static void reproduce(SparkSession spark, MLOps mlops) {
    // sample: reproduce
    for (Row input : mlops.inputsOf("models:/churn/Production")
        .where("format = 'delta'").select("path", "version").distinct().collectAsList()) {
      Dataset<Row> trainedOn = spark.read().format("delta")
          .option("versionAsOf", input.<Long>getAs("version"))
          .load(input.<String>getAs("path"));
      // ... retrain, compare, or profile it as a drift baseline
    }
    // end sample: reproduce
  }
}
