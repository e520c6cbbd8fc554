package io.github.sparkmlops.examples.docs;

import static io.github.sparkmlops.aggregate.MLOpsFunctions.*;
import static org.apache.spark.sql.functions.col;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.accumulate.CategoryAccumulator;
import io.github.sparkmlops.accumulate.CountAccumulator;
import io.github.sparkmlops.accumulate.HistogramAccumulator;
import io.github.sparkmlops.accumulate.VectorAccumulator;
import io.github.sparkmlops.aggregate.DataProfiler;
import io.github.sparkmlops.profile.DataProfile;
import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The docs' samples of gathering across executors: accumulators, aggregates, a profile. */
final class GatheringSamples {

  private GatheringSamples() {}

  /** A customer of the accumulator sample's RDD. */
  record Customer(double age, String country, Vector features) implements Serializable {}

  static void accumulators(SparkSession spark, JavaRDD<Customer> rdd) {
    // sample: accumulators
    MLOps mlops = MLOps.init(spark);
    HistogramAccumulator age   = mlops.histogramAccumulator("age", 0, 18, 40, 65, 120); // fixed edges
    HistogramAccumulator spend = mlops.histogramAccumulator("spend");       // automatic bins
    CategoryAccumulator country = mlops.categoryAccumulator("country");
    CountAccumulator bad        = mlops.countAccumulator("rows.bad");
    VectorAccumulator features  = mlops.vectorAccumulator("features");
    rdd.foreach(r -> { age.add(r.age()); country.add(r.country()); features.add(r.features()); });
    // end sample: accumulators
  }

  static void aggregates(MLOps mlops, Dataset<Row> df, String out) throws InterruptedException {
    // sample: aggregates
    // import static io.github.sparkmlops.aggregate.MLOpsFunctions.*;

    Row r = df.agg(histogram(col("age")), histogram(col("age"), 0, 18, 65),
                   categoricalHistogram(col("country")), vectorSummary(col("features"))).head();
    mlops.setStat("age", r.getStruct(0));               // any of these results, as stats

    Observation obs = new Observation("hist");           // the same inside another action
    df.observe(obs, histogram(col("age")).as("h")).write().parquet(out);
    mlops.setStat("age", (Row) obs.getAsJava().get("h"));
    // end sample: aggregates
  }

  static DataProfile profile(MLOps mlops, Dataset<Row> df, Observation observation, String out)
      throws InterruptedException {
    // sample: profile
    mlops.setDataDistributionStat("training.data", df);   // one pass over df, a job of its own
    DataProfile p = DataProfiler.forSchema(df.schema()).categorical("zip").profile(df);
    DataProfiler profiler = DataProfiler.forSchema(df.schema());
    profiler.observe(df, observation).write().parquet(out); // inside an action you run anyway
    DataProfile q = profiler.read(observation.getAsJava());
    // end sample: profile
    return q;
  }
}
