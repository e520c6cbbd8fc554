package io.github.sparkmlops.internal.health;

import static org.apache.spark.sql.functions.col;

import io.github.sparkmlops.internal.aggregate.ProfileSketches;
import io.github.sparkmlops.internal.lineage.LineagePlans;
import io.github.sparkmlops.internal.run.ApplicationRun;
import io.github.sparkmlops.internal.store.ModelRef;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.model.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Baselines read from the store: a model version's training profile, or the last report of a
 * profile, each from its sketches ({@link ProfileSketches}). Read with Spark through the {@code
 * mlops} data source (spark-mlops-sql), on the caller's thread, after what the run reported is
 * written.
 */
final class StoredProfiles {

  private static final String MODELS = "models:/";

  private StoredProfiles() {}

  /**
   * The baseline {@code name} names: a {@code models:/} URI or a profile's stat name.
   *
   * @throws IllegalArgumentException if there is no such model version or stored profile, or the
   *     version has no training profile
   */
  static Baseline resolve(ApplicationRun run, String name) {
    Require.notNull("baseline", name);
    if (name.startsWith(MODELS)) {
      ModelVersion v = run.models().get(name);
      String profile = v.profile().orElseThrow(() -> new IllegalArgumentException(name + " ("
          + v.uri() + ") was published without a training profile, so it has no baseline: report "
          + "one with setDataDistributionStat(name, trainingData) before publishModel, or name it "
          + "with PublishOptions.profile(name)"));
      List<String> rows = latest(run, profile, v.context().runId());
      if (rows.isEmpty()) {
        throw new IllegalArgumentException("The training profile '" + profile + "' of " + v.uri()
            + " has no sketches in the store (run " + v.context().runId() + "): it was reported "
            + "as a DataProfile, or by a version of spark-mlops before drift, so it cannot be a "
            + "baseline; profile the training data with setDataDistributionStat(name, df)");
      }
      return new Baseline(v.uri(), ProfileSketches.read(rows), new ModelRef(v.name(), v.version()));
    }
    Require.name("baseline", name);
    List<String> rows = latest(run, name, null);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("No stored profile named '" + name + "' with sketches in "
          + "the store " + run.config().store().root() + ": report one with "
          + "setDataDistributionStat(\"" + name + "\", df), or observe or monitor a stream under "
          + "that name (a profile reported as a DataProfile has no sketches), or name a model "
          + "version (models:/NAME/VERSION)");
    }
    return new Baseline(name, ProfileSketches.read(rows), null);
  }

  /**
   * The JSON rows of the last report of the profile {@code name} (of run {@code runId}, unless
   * null), in the order they were reported; empty if there is none.
   */
  private static List<String> latest(ApplicationRun run, String name, String runId) {
    if (!run.isFinished()) {
      run.flush(run.config().flushTimeout());
    }
    Dataset<Row> rows = run.session().read().format("mlops")
        .option("store", run.config().store().root())
        .option("table", StoreTable.STATS.directory())
        .option("name", ProfileSketches.statName(name))
        .option(LineagePlans.STORE_LINEAGE_OPTION, "false")
        .load();
    if (runId != null) {
      rows = rows.where(col(StoreSchema.RUN_ID).equalTo(runId));
    }
    Row last = rows.agg(functions.max(StoreSchema.TIME)).head();
    if (last.isNullAt(0)) {
      return List.of();
    }
    List<Row> report = rows.where(col(StoreSchema.TIME).equalTo(last.get(0)))
        .orderBy(StoreSchema.WRITER_ID, StoreSchema.SEQ)
        .select(StoreSchema.WRITER_ID, StoreSchema.SEQ, StoreSchema.JSON)
        .collectAsList();
    // two writers reporting one name at the same microsecond: the first one's report
    String writer = report.get(0).getString(0);
    List<String> out = new ArrayList<>();
    for (Row r : report) {
      if (r.getString(0).equals(writer)) {
        out.add(r.getString(2));
      }
    }
    return out;
  }
}
