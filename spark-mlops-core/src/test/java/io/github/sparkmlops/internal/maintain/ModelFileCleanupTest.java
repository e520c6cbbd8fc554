package io.github.sparkmlops.internal.maintain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.model.ModelVersion;
import io.github.sparkmlops.model.TrainedModels;
import io.github.sparkmlops.run.MaintenanceReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The folders that killed publications leave under {@code model_files/} are deleted by maintenance
 * once older than the file retention; a folder a version names, and a young one (a publication
 * under way), never are.
 */
@Timeout(600)
class ModelFileCleanupTest {

  private static final List<String> KEYS = List.of(MLOpsConfig.STORE,
      MLOpsConfig.MAINTENANCE_FILE_RETENTION, MLOpsConfig.MAINTENANCE_INTERVAL,
      MLOpsConfig.MAINTENANCE_ENABLED);

  private final SparkSession spark = TestSpark.session();

  @AfterEach
  void unset() {
    KEYS.forEach(spark.conf()::unset);
  }

  @Test
  void maintainDeletesOldOrphansOnlyAndReportsThem() throws IOException {
    Path root = TestSpark.newStoreRoot("orphans");
    MLOps mlops = maintainedByHand(root);
    try {
      ModelVersion published = mlops.publishModel("churn", TrainedModels.classifier());
      age(Path.of(published.location()));
      // what a publication killed between saving its files and committing its version leaves
      Path killed = killedPublication(root, "churn");
      Path killedFirst = killedPublication(root, "never-published");
      long orphanBytes = size(killed) + size(killedFirst);
      // a publication under way: young files, maybe in a folder made long ago
      Path young = killedPublication(root, "churn");
      Files.setLastModifiedTime(young, FileTime.from(Instant.now()));
      Path writing = killedPublication(root, "churn");
      Files.writeString(writing.resolve("metadata").resolve("part-00001"), "being written");

      MaintenanceReport report = mlops.maintain();

      assertFalse(Files.exists(killed), "an old folder no version names");
      assertFalse(Files.exists(killedFirst), "also of a model that has no version");
      assertTrue(Files.exists(young) && Files.exists(writing), "young folders stay");
      assertEquals(new MaintenanceReport.ModelFiles(2, orphanBytes, null), report.modelFiles());
      PipelineModel loaded = mlops.loadModel(published.uri(), PipelineModel.class);
      assertEquals(TrainedModels.predictions(TrainedModels.classifier()),
          TrainedModels.predictions(loaded), "an old folder a version names stays whole");
    } finally {
      mlops.done();
    }
  }

  @Test
  void aVersionWhoseLocationWasEditedByHandKeepsItsFiles() throws IOException {
    Path root = TestSpark.newStoreRoot("edited location");
    MLOps mlops = maintainedByHand(root);
    try {
      ModelVersion edited = mlops.publishModel("churn", TrainedModels.classifier());
      age(Path.of(edited.location()));
      // the models view shows such a row with its problem, for a user to mend: its files stay
      spark.sql("UPDATE delta.`" + root.resolve("model_versions")
          + "` SET location = '/etc' WHERE version = 1");

      MaintenanceReport report = mlops.maintain();

      assertTrue(Files.exists(Path.of(edited.location())), report.modelFiles().toString());
      assertEquals(0, report.modelFiles().orphansDeleted());
    } finally {
      mlops.done();
    }
  }

  @Test
  void backgroundMaintenanceDeletesOrphansToo() throws Exception {
    Path root = TestSpark.newStoreRoot("orphans-background");
    Path killed = killedPublication(root, "churn");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.MAINTENANCE_FILE_RETENTION, "1h");
    spark.conf().set(MLOpsConfig.MAINTENANCE_INTERVAL, "500ms");
    MLOps mlops = MLOps.init(spark);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (Files.exists(killed) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertFalse(Files.exists(killed), "deleted by the background maintenance");
    } finally {
      mlops.done();
    }
  }

  /** An instance on {@code root} whose maintenance runs only when asked, with a 1 h retention. */
  private MLOps maintainedByHand(Path root) {
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.MAINTENANCE_FILE_RETENTION, "1h");
    spark.conf().set(MLOpsConfig.MAINTENANCE_ENABLED, "false");
    return MLOps.init(spark);
  }

  /** An MLlib model saved where a publication saves it, two hours old, with no version row. */
  private static Path killedPublication(Path root, String model) throws IOException {
    Path folder = root.resolve("model_files").resolve(model).resolve(UUID.randomUUID().toString());
    TrainedModels.classifier().write().save(folder.toString());
    age(folder);
    return folder;
  }

  private static void age(Path folder) throws IOException {
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path p : all.toList()) {
        Files.setLastModifiedTime(p, old);
      }
    }
  }

  /** The bytes of a folder's files as Hadoop counts them: without its hidden .crc files. */
  private static long size(Path folder) throws IOException {
    try (Stream<Path> all = Files.walk(folder)) {
      return all.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".crc"))
          .mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
