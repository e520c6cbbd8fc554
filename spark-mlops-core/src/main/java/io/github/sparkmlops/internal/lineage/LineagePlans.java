package io.github.sparkmlops.internal.lineage;

import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.engine.Engine;
import io.github.sparkmlops.internal.store.LineageTable;
import io.github.sparkmlops.internal.store.LineageTable.Relation;
import io.github.sparkmlops.internal.store.Store;
import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.QueryPlanningTracker.PhaseSummary;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.ResolvedIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.V2CreateTableAsSelectPlan;
import org.apache.spark.sql.catalyst.plans.logical.V2WriteCommand;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.command.DataWritingCommand;
import org.apache.spark.sql.execution.command.DataWritingCommandExec;
import org.apache.spark.sql.execution.datasources.FileIndex;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.InsertIntoHadoopFsRelationCommand;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.SaveIntoDataSourceCommand;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.sources.DataSourceRegister;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The relations a successful query read and wrote, found in its analyzed plan. Run on a report
 * thread, never on Spark's listener bus; it launches no Spark job. delta-spark is not a
 * dependency: its file index and table are recognised by class name and read reflectively.
 *
 * <p>What it knows:
 *
 * <ul>
 *   <li>reads of files ({@code LogicalRelation} of a {@code HadoopFsRelation}): Delta (a {@code
 *       Tahoe*FileIndex}: path, table id and the version analysed, which is the version of a
 *       time-travel read; files and bytes of that version from its checksum file, never from
 *       delta-spark's snapshot, which may start a job to count them), other formats (each root
 *       path; files and bytes of the whole relation when it has one root, before partition
 *       pruning); the catalog table's name;
 *   <li>reads of the MLOps store ({@code format("mlops")}, the {@code mlops} catalog), but for
 *       those with option {@code lineage=false}, which the library's own reads set;
 *   <li>writes of files ({@code InsertIntoHadoopFsRelationCommand}: path, format, catalog table,
 *       files and bytes written), Delta writes by path ({@code SaveIntoDataSourceCommand}), V2
 *       appends and overwrites of a Delta catalog table, {@code CREATE TABLE AS SELECT} / {@code
 *       saveAsTable} through a V2 catalog (Delta's), and Delta's {@code MERGE}, {@code UPDATE}
 *       and {@code DELETE}. The version written is the earliest commit made while the query ran
 *       ({@link DeltaCommits#writtenBetween}), with the files and bytes it added.
 * </ul>
 *
 * <p>Queries that are only the inside of another are not recorded twice: Delta's own log reads,
 * its inner {@code deltaTransactionalWrite} and staged writes, the file reads inside its {@code
 * UPDATE}, {@code DELETE} and {@code MERGE} (a {@code TahoeBatchFileIndex}), the wrappers of
 * {@code saveAsTable} whose nested insert reports, and an action on the result of a command that
 * ran before ({@code CommandResult}). Any other leaf whose class is named {@code ...Relation} is
 * skipped and counted.
 */
public final class LineagePlans {

  /** The stat counting the relations, or a stream's sources and sinks, skipped as unknown. */
  public static final String SKIPPED_STAT = "mlops.lineage.skipped";
  /** What Delta names the inner write of its commands: the outer command reports it. */
  static final String DELTA_INNER_WRITE = "deltaTransactionalWrite";
  /** Commands whose write is a nested query of its own, which reports. */
  private static final Set<String> WRAPPERS = Set.of("SaveAsV1TableCommand",
      "CreateDataSourceTableAsSelectCommand", "CreateHiveTableAsSelectCommand");
  /** Delta's commands that change a table in place, reading it. */
  private static final Set<String> DELTA_CHANGES = Set.of("MergeIntoCommand", "UpdateCommand",
      "DeleteCommand");
  /** Leaves named like relations that hold no external data. */
  private static final Set<String> NO_DATA = Set.of("LocalRelation", "OneRowRelation",
      "EmptyRelation");

  /**
   * The option of {@code format("mlops")} that leaves a read of the store out of the lineage when
   * {@code false}: the library's own reads (the report, stored baselines) set it.
   */
  public static final String STORE_LINEAGE_OPTION = "lineage";

  private LineagePlans() {}

  /**
   * What a walk found: the relations, in plan order, each once.
   *
   * @param skipped relations of a kind this class does not know
   */
  public record Found(List<Relation> relations, int skipped) {
    static final Found NONE = new Found(List.of(), 0);
  }

  /**
   * The relations {@code qe} read and wrote; none for queries recorded through another.
   *
   * @param ended when the query had ended (Spark's listener bus handed it over then or later)
   * @param durationNanos how long it ran, as Spark measured it
   */
  public static Found of(String funcName, QueryExecution qe, Instant ended, long durationNanos) {
    if (DELTA_INNER_WRITE.equals(funcName)) {
      return Found.NONE;
    }
    Walk walk = new Walk(qe, started(qe, ended, durationNanos), ended.toEpochMilli());
    walk.walk(qe.analyzed());
    return walk.internal ? Found.NONE : new Found(List.copyOf(walk.found), walk.skipped);
  }

  /**
   * When the query started: when Spark began to plan it (its planning tracker's first phase, on
   * the user's thread), else its end less its duration.
   */
  private static long started(QueryExecution qe, Instant ended, long durationNanos) {
    long started = ended.toEpochMilli() - durationNanos / 1_000_000;
    try {
      for (PhaseSummary phase : CollectionConverters.asJava(qe.tracker().phases()).values()) {
        started = Math.min(started, phase.startTimeMs());
      }
    } catch (RuntimeException | LinkageError e) {
      // no tracker to ask: the end less the duration
    }
    return started;
  }

  private static final class Walk {
    private final QueryExecution qe;
    /** The query's time, in epoch milliseconds: the Delta commits it made are of that time. */
    private final long startMillis;
    private final long endMillis;
    private final Set<Relation> found = new LinkedHashSet<>();
    private final Map<LogicalPlan, Boolean> seen = new IdentityHashMap<>();
    private int skipped;
    private boolean internal;
    private Configuration hadoopConf;

    Walk(QueryExecution qe, long startMillis, long endMillis) {
      this.qe = qe;
      this.startMillis = startMillis;
      this.endMillis = endMillis;
    }

    /**
     * Walks the plan from {@code root}, depth first in plan order, with a stack of its own rather
     * than recursion: a plan deep enough for Spark's thread would overflow this one's.
     */
    void walk(LogicalPlan root) {
      Deque<LogicalPlan> pending = new ArrayDeque<>();
      pending.push(root);
      while (!pending.isEmpty() && !internal) {
        LogicalPlan plan = pending.pop();
        if (seen.put(plan, Boolean.TRUE) == null) {
          List<LogicalPlan> below = visit(plan);
          for (int i = below.size() - 1; i >= 0; i--) {
            pending.push(below.get(i));
          }
        }
      }
    }

    /** Records what {@code plan} itself reads or writes; returns the plans below it to walk. */
    private List<LogicalPlan> visit(LogicalPlan plan) {
      String kind = plan.getClass().getSimpleName();
      if (WRAPPERS.contains(kind)) {
        internal = true;
        return List.of();
      }
      if (kind.equals("CommandResult")) {
        // the result of a command that ran before, and was recorded then
        return List.of();
      }
      List<LogicalPlan> below = new ArrayList<>();
      if (DELTA_CHANGES.contains(kind)) {
        try {
          deltaChanged(plan, below);
        } catch (RuntimeException e) {
          skipped++;
        }
      }
      try {
        if (plan instanceof LogicalRelation relation) {
          read(relation);
        } else if (plan instanceof DataSourceV2Relation relation) {
          readV2(relation);
        } else if (plan instanceof SaveIntoDataSourceCommand save) {
          save(save);
        } else if (plan instanceof InsertIntoHadoopFsRelationCommand insert) {
          insert(insert);
        } else if (plan instanceof V2WriteCommand write) {
          writeV2(write);
        } else if (plan instanceof V2CreateTableAsSelectPlan create) {
          createAsSelect(create);
        }
      } catch (RuntimeException | NoSuchTableException e) {
        // a shape this class reads wrongly (another Delta version): skipped, never thrown
        skipped++;
      }
      if (plan instanceof LogicalRelation || plan instanceof DataSourceV2Relation) {
        return List.of();
      }
      boolean write = plan instanceof SaveIntoDataSourceCommand || plan instanceof V2WriteCommand
          || plan instanceof InsertIntoHadoopFsRelationCommand
          || plan instanceof V2CreateTableAsSelectPlan;
      if (!write && plan.children().isEmpty() && kind.endsWith("Relation")
          && !NO_DATA.contains(kind)) {
        skipped++;
        return List.of();
      }
      // a write's query is below it, with the children
      below.addAll(CollectionConverters.asJava(plan.children()));
      for (Object inner : CollectionConverters.asJava(plan.innerChildren())) {
        if (inner instanceof LogicalPlan innerPlan) {
          below.add(innerPlan);
        }
      }
      below.addAll(CollectionConverters.asJava(plan.subqueries()));
      return below;
    }

    private void read(LogicalRelation relation) {
      String tableName = tableName(relation.catalogTable());
      if (!(relation.relation() instanceof HadoopFsRelation fs)) {
        skipped++;
        return;
      }
      FileIndex index = fs.location();
      String indexClass = index.getClass().getName();
      if (indexClass.endsWith(".DeltaLogFileIndex")
          || indexClass.endsWith(".TahoeBatchFileIndex")) {
        // Delta replaying its own log, or reading chosen files inside one of its commands (an
        // UPDATE's, a DELETE's), which records the table: not the user's read
        internal = true;
        return;
      }
      if (indexClass.contains(".delta.") && index.getClass().getSimpleName().startsWith("Tahoe")
          || indexClass.endsWith(".PreparedDeltaFileIndex")) {
        found.add(deltaRead(index, tableName));
        return;
      }
      List<Path> roots = CollectionConverters.asJava(index.rootPaths());
      String format = format(fs.fileFormat());
      if (roots.size() == 1) {
        found.add(new Relation(LineageTable.INPUT, format, roots.get(0).toString(), tableName,
            null, null, (long) index.inputFiles().length, index.sizeInBytes()));
        return;
      }
      for (Path root : roots) {
        found.add(new Relation(LineageTable.INPUT, format, root.toString(), tableName, null,
            null, null, null));
      }
    }

    /** A Delta read: the snapshot the index was analysed with (time travel's version). */
    private Relation deltaRead(FileIndex index, String tableName) {
      String path = String.valueOf(call(index, "path"));
      Object snapshot = callOrNull(index, "snapshotAtAnalysis");
      Long version;
      String tableId = null;
      Long files = null;
      Long bytes = null;
      if (snapshot != null) {
        version = (Long) call(snapshot, "version");
        tableId = (String) call(call(snapshot, "metadata"), "id");
        // from the version's checksum file: asking delta-spark's snapshot may start a job
        DeltaCommits.Files known = DeltaCommits.checksum(new Path(path), version, hadoopConf());
        files = known.files();
        bytes = known.bytes();
      } else {
        version = (Long) call(index, "version");
        Object metadata = callOrNull(index, "metadata");
        tableId = metadata == null ? null : (String) call(metadata, "id");
      }
      return new Relation(LineageTable.INPUT, "delta", path, tableName, tableId, version, files,
          bytes);
    }

    private void readV2(DataSourceV2Relation relation) {
      String tableClass = relation.table().getClass().getName();
      if (tableClass.startsWith("io.github.sparkmlops.")) {
        // the store itself: format("mlops") or the mlops catalog, unless the read says otherwise
        if (!recorded(relation.options().get(STORE_LINEAGE_OPTION))) {
          return;
        }
        String store = relation.options().get("store");
        found.add(new Relation(LineageTable.INPUT, "mlops", store, relation.table().name(), null,
            null, null, null));
        return;
      }
      if (tableClass.endsWith(".DeltaTableV2")) {
        found.add(deltaTable(LineageTable.INPUT, relation));
        return;
      }
      skipped++;
    }

    private void save(SaveIntoDataSourceCommand save) {
      String format = format(save.dataSource());
      Option<String> path = save.options().get("path");
      if (path.isEmpty()) {
        skipped++;
        return;
      }
      String qualified = qualify(path.get());
      if (save.dataSource().getClass().getName().endsWith(".DeltaDataSource")) {
        found.add(deltaWritten(qualified, null));
      } else {
        found.add(new Relation(LineageTable.OUTPUT, format, qualified, null, null, null, null,
            null));
      }
    }

    /**
     * A write of files, with the files and bytes it wrote: the metrics of the command Spark ran
     * (in the executed plan; the analyzed plan's copy is never run).
     */
    private void insert(InsertIntoHadoopFsRelationCommand insert) {
      Long files = null;
      Long bytes = null;
      if (ranCommand(qe.executedPlan()) instanceof InsertIntoHadoopFsRelationCommand ran
          && ran.outputPath().equals(insert.outputPath())) {
        files = metric(ran.metrics(), "numFiles");
        bytes = metric(ran.metrics(), "numOutputBytes");
      }
      found.add(new Relation(LineageTable.OUTPUT, format(insert.fileFormat()),
          insert.outputPath().toString(), tableName(insert.catalogTable()), null, null, files,
          bytes));
    }

    /**
     * {@code CREATE TABLE ... AS SELECT} and {@code saveAsTable} through a V2 catalog (Delta's):
     * the table as the catalog has it now, after the query.
     */
    private void createAsSelect(V2CreateTableAsSelectPlan create) throws NoSuchTableException {
      if (!(create.name() instanceof ResolvedIdentifier resolved)
          || !(resolved.catalog() instanceof TableCatalog catalog)) {
        skipped++;
        return;
      }
      String name = resolved.catalog().name() + "." + resolved.identifier();
      org.apache.spark.sql.connector.catalog.Table table = catalog.loadTable(resolved.identifier());
      if (table.getClass().getName().endsWith(".DeltaTableV2")) {
        found.add(deltaWritten(qualify(String.valueOf(call(table, "path"))), name));
        return;
      }
      Map<String, String> properties = table.properties();
      String provider = properties.getOrDefault(TableCatalog.PROP_PROVIDER, "unknown");
      found.add(new Relation(LineageTable.OUTPUT, provider,
          properties.get(TableCatalog.PROP_LOCATION), name, null, null, null, null));
    }

    private void writeV2(V2WriteCommand write) {
      if (write.table() instanceof DataSourceV2Relation relation) {
        String tableClass = relation.table().getClass().getName();
        if (tableClass.endsWith(".DeltaTableV2")) {
          found.add(deltaTable(LineageTable.OUTPUT, relation));
          return;
        }
        if (tableClass.contains(".delta.")) {
          // the write inside Delta's CREATE TABLE AS SELECT (a staged table): the outer records it
          internal = true;
          return;
        }
      }
      skipped++;
    }

    /**
     * Delta's {@code MERGE}, {@code UPDATE} and {@code DELETE}: the table they change is an
     * output (found by the field each names it by); the rows they read (a merge's source and
     * target) are walked as inputs.
     */
    private void deltaChanged(LogicalPlan command, List<LogicalPlan> below) {
      Object index = callOrNull(command, "tahoeFileIndex");
      if (index == null) {
        index = callOrNull(command, "targetFileIndex");
      }
      String path = index != null ? String.valueOf(call(index, "path"))
          : String.valueOf(call(call(command, "deltaLog"), "dataPath"));
      Object catalogTable = callOrNull(command, "catalogTable");
      String tableName = catalogTable instanceof Option<?> o && o.isDefined()
          && o.get() instanceof CatalogTable t ? t.identifier().unquotedString() : null;
      found.add(deltaWritten(qualify(path), tableName));
      for (String field : List.of("source", "target")) {
        if (callOrNull(command, field) instanceof LogicalPlan read) {
          below.add(read);
        }
      }
    }

    /** A Delta table of the V2 API: its path, then as a read or write by path. */
    private Relation deltaTable(String direction, DataSourceV2Relation relation) {
      Object table = relation.table();
      String path = qualify(String.valueOf(call(table, "path")));
      String name = relation.identifier().isDefined() ? relation.table().name() : null;
      if (direction.equals(LineageTable.OUTPUT)) {
        return deltaWritten(path, name);
      }
      Object snapshot = callOrNull(table, "initialSnapshot");
      Long version = snapshot == null ? null : (Long) call(snapshot, "version");
      String tableId = snapshot == null ? null : (String) call(call(snapshot, "metadata"), "id");
      return new Relation(direction, "delta", path, name, tableId, version, null, null);
    }

    /**
     * A Delta table written: the version the query committed, the earliest commit made while it
     * ran (found from the latest, read with Kernel, back through the commits' times; another
     * writer committing to the same table while it ran would be taken for it), with the files and
     * bytes that commit added, from its {@code operationMetrics}. The version is null when no
     * commit of that time is found.
     */
    private Relation deltaWritten(String path, String tableName) {
      DeltaCommits.Written written = null;
      String tableId = null;
      try {
        Engine engine = Store.engine(hadoopConf());
        Snapshot snapshot = Table.forPath(engine, path).getLatestSnapshot(engine);
        tableId = snapshot.getMetadata().getId();
        written = DeltaCommits.writtenBetween(new Path(path), snapshot.getVersion(), startMillis,
            endMillis, hadoopConf());
      } catch (RuntimeException e) {
        // a table Kernel cannot read (a newer protocol): the write is still recorded
      }
      DeltaCommits.Files added = written == null ? DeltaCommits.Files.UNKNOWN : written.added();
      return new Relation(LineageTable.OUTPUT, "delta", path, tableName, tableId,
          written == null ? null : written.version(), added.files(), added.bytes());
    }

    private Configuration hadoopConf() {
      if (hadoopConf == null) {
        hadoopConf = qe.sparkSession().sessionState().newHadoopConf();
      }
      return hadoopConf;
    }

    private String qualify(String path) {
      return LineagePlans.qualify(path, hadoopConf());
    }
  }

  /**
   * {@code path} made absolute with its filesystem's scheme, as Spark names read paths; as given
   * when that fails.
   */
  static String qualify(String path, Configuration hadoopConf) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(hadoopConf).makeQualified(p).toString();
    } catch (IOException | RuntimeException e) {
      return path;
    }
  }

  private static String tableName(Option<CatalogTable> table) {
    return table.isDefined() ? table.get().identifier().unquotedString() : null;
  }

  private static String format(Object source) {
    return source instanceof DataSourceRegister named ? named.shortName()
        : source.getClass().getSimpleName();
  }

  /**
   * The writing command Spark ran, at the top of the executed plan or under the final plan of
   * adaptive execution and its result stage, or null.
   */
  private static DataWritingCommand ranCommand(SparkPlan plan) {
    if (plan instanceof DataWritingCommandExec exec) {
      return exec.cmd();
    }
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      return ranCommand(adaptive.executedPlan());
    }
    if (plan instanceof QueryStageExec stage) {
      return ranCommand(stage.plan());
    }
    return null;
  }

  /** Whether a read's {@value #STORE_LINEAGE_OPTION} option (null when not given) records it. */
  private static boolean recorded(String option) {
    return option == null || !option.trim().equalsIgnoreCase("false");
  }

  /** A metric of a command Spark ran, or null when it has none of that name. */
  private static Long metric(scala.collection.Map<String, SQLMetric> metrics, String name) {
    Option<SQLMetric> metric = metrics.get(name);
    return metric.isDefined() ? metric.get().value() : null;
  }

  private static Object call(Object target, String method) {
    Object value = callOrNull(target, method);
    if (value == null) {
      throw new IllegalStateException(target.getClass().getName() + " has no " + method + "()");
    }
    return value;
  }

  /** {@code target.method()}, public or not, or null when it has no such method or it fails. */
  private static Object callOrNull(Object target, String method) {
    try {
      return target.getClass().getMethod(method).invoke(target);
    } catch (NoSuchMethodException e) {
      // not public: look for it declared
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Method m = c.getDeclaredMethod(method);
        m.setAccessible(true);
        return m.invoke(target);
      } catch (NoSuchMethodException e) {
        // look in the superclass
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
    return null;
  }
}
