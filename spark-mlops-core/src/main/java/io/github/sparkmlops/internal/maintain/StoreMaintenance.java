package io.github.sparkmlops.internal.maintain;

import io.delta.kernel.engine.Engine;
import io.github.sparkmlops.internal.parquet.StoreParquetHandler;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.run.MaintenanceReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintains every table of a store and deletes its orphaned model files ({@link
 * ModelFileCleanup}), on demand and, if the settings say so, in the background on a
 * daemon thread of its own (never on Spark's threads). One run at a time per instance; runs of
 * several applications on one store are safe against each other and against writers.
 */
public final class StoreMaintenance implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StoreMaintenance.class);
  /** How long closing waits for a background run to stop. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private final StoreLayout layout;
  private final MaintenanceSettings settings;
  private final Configuration hadoopConf;
  private final Engine engine;
  /** Held while a run is under way, so runs of this instance never overlap. */
  private final Object running = new Object();
  /** Guards {@link #background}; apart from {@link #running} so closing never waits for a run. */
  private final Object lifecycle = new Object();
  private ScheduledExecutorService background;

  /** Maintenance of the store at {@code layout}, with filesystem settings from {@code hadoopConf}. */
  public StoreMaintenance(StoreLayout layout, Configuration hadoopConf, MaintenanceSettings settings) {
    this.layout = layout;
    this.settings = settings;
    this.hadoopConf = new Configuration(hadoopConf);
    Configuration conf = new Configuration(hadoopConf);
    conf.setLong(StoreParquetHandler.TARGET_FILE_SIZE, settings.targetFileSize());
    this.engine = Store.engine(conf);
    if (settings.fileRetention().compareTo(Duration.ofDays(7)) < 0) {
      LOG.warn("The store {} keeps replaced files for {} only: a query or a stream reading an "
          + "older version for longer than that can fail (Delta's VACUUM refuses less than 7 days "
          + "by default)", layout.root(), settings.fileRetention());
    }
  }

  /**
   * Maintains every table now.
   *
   * @throws IllegalStateException if a table is of a newer store format (it is left untouched)
   * @throws UncheckedIOException if the store cannot be read or written; nothing is lost, and
   *     what was done stays done
   */
  public MaintenanceReport run() {
    synchronized (running) {
      return runTables();
    }
  }

  private MaintenanceReport runTables() {
    long start = System.nanoTime();
    List<MaintenanceReport.Table> tables = new ArrayList<>();
    for (StoreTable table : StoreTable.values()) {
      try {
        tables.add(new TableMaintenance(engine, table.spec().name(), layout.tablePath(table),
            settings, hadoopConf).run());
      } catch (IOException e) {
        throw new UncheckedIOException("Maintaining " + layout.tablePath(table) + " failed", e);
      }
    }
    MaintenanceReport.ModelFiles modelFiles;
    try {
      modelFiles = new ModelFileCleanup(engine, layout, hadoopConf)
          .run(settings.fileRetention().toMillis());
    } catch (IOException e) {
      throw new UncheckedIOException("Cleaning up the model files of " + layout.root()
          + " failed", e);
    }
    MaintenanceReport report =
        new MaintenanceReport(tables, modelFiles, Duration.ofNanos(System.nanoTime() - start));
    LOG.info("Maintained the store {}: {}", layout.root(), report);
    return report;
  }

  /** Runs maintenance every {@code interval} until {@link #close}, if the settings ask for it. */
  public void startBackground() {
    synchronized (lifecycle) {
      if (!settings.background() || background != null) {
        return;
      }
      background = start();
    }
  }

  private ScheduledExecutorService start() {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread t = new Thread(task, "spark-mlops-maintenance");
      t.setDaemon(true);
      return t;
    });
    long every = settings.interval().toMillis();
    scheduler.scheduleWithFixedDelay(this::runInBackground, every, every, TimeUnit.MILLISECONDS);
    return scheduler;
  }

  private void runInBackground() {
    try {
      run();
    } catch (RuntimeException e) {
      LOG.warn("Background maintenance of {} failed; it is tried again in {}", layout.root(),
          settings.interval(), e);
    }
  }

  /**
   * Stops the background runs; a run under way is interrupted and waited for a few seconds (an
   * interrupted run leaves at most unreferenced files, which a later clean-up deletes).
   */
  @Override
  public void close() {
    ScheduledExecutorService b;
    synchronized (lifecycle) {
      b = background;
      background = null;
    }
    if (b == null) {
      return;
    }
    b.shutdownNow();
    try {
      if (!b.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Background maintenance of {} did not stop within {}", layout.root(), CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
