package io.github.sparkmlops.sql.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.S3WireProxy;
import io.github.sparkmlops.internal.store.DeltaTableWriter;
import io.github.sparkmlops.internal.store.StatRecord;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.TableRows;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two writers on one version of a store on S3, made deterministic on the wire: when our writer
 * sends its PUT of {@code _delta_log/N.json}, after it decided on version N, a proxy in front of
 * S3Mock first lets another writer commit version N. Our commit must not replace that one.
 */
@Timeout(300)
class S3CommitConflictTest {

  private static final RunContext CONTEXT = new RunContext("s3", "s3", "s3", "run-1", "localhost");
  private static final String CONDITIONAL_CONFLICT = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      + "<Error><Code>ConditionalRequestConflict</Code><Message>A conflicting conditional "
      + "operation is currently in progress against this resource.</Message></Error>";

  private final S3WireProxy proxy = S3TestStore.proxy();

  @AfterEach
  void reset() {
    proxy.reset();
  }

  /** What the race left: the table's records, its versions, and the contested commit. */
  private record Outcome(List<String> rows, long before, long after, String contested) {}

  @Test
  void aForeignCommitOnOurVersionStandsAndOursLandsOnTheNext() throws Exception {
    Outcome outcome = race(S3TestStore.hadoopConf());

    assertTrue(outcome.contested().contains("\"appId\":\"theirs\""),
        "the foreign commit holds version " + (outcome.before() + 1) + ": " + outcome.contested());
    assertEquals(outcome.before() + 2, outcome.after(), "ours landed on the next version");
    assertEquals(expectedRows(true), outcome.rows(), "every record once");
    List<S3WireProxy.Request> commitPuts = commitPuts();
    assertTrue(commitPuts.size() >= 3, commitPuts.toString());
    for (S3WireProxy.Request put : commitPuts) {
      assertEquals("*", put.header("If-None-Match"), "a conditional PUT: " + put);
      assertEquals("", put.query(), "one PUT, not a part of a multipart upload: " + put);
    }
    assertTrue(proxy.requests().stream().noneMatch(r -> r.query().contains("uploads")),
        "no multipart upload was started");
  }

  /**
   * The same race with Kernel's default log store on S3 (set through its Hadoop key): our commit
   * silently replaces the other writer's, whose records are lost though its writer was told they
   * landed. This is the loss the conditional PUT prevents; the test above fails this way with it.
   */
  @Test
  void withKernelsDefaultS3LogStoreTheForeignCommitIsLost() throws Exception {
    Configuration single = S3TestStore.hadoopConf();
    single.set("io.delta.kernel.logStore.s3a.impl", "io.delta.storage.S3SingleDriverLogStore");
    Outcome outcome = race(single);

    assertTrue(outcome.contested().contains("\"appId\":\"ours\""), outcome.contested());
    assertEquals(outcome.before() + 1, outcome.after());
    assertEquals(expectedRows(false), outcome.rows(), "the foreign commit's records are gone");
  }

  /**
   * S3 answers 409 while another conditional write of the key is in progress, and asks for a
   * retry: our commit is sent again and lands on the version it chose.
   */
  @Test
  void aConflictingWriteInProgressIsRetriedOnTheSameVersion() throws Exception {
    Configuration conf = S3TestStore.hadoopConf();
    Contest contest = contest(conf, "in progress");
    proxy.once(contest::isContestedPut,
        r -> new S3WireProxy.Answer(409, "Conflict", CONDITIONAL_CONFLICT));
    contest.ours().append("ours", 2, rows("ours", 3));

    assertEquals(contest.before() + 1, TableRows.version(Store.engine(conf), contest.table()));
    assertEquals(2, proxy.requests().stream().filter(contest::isContestedPut).count());
    assertEquals(expectedRows(false), rows(conf, contest.table()));
  }

  /** A table our writer wrote to, and the version it will write next. */
  private record Contest(StoreLayout layout, String table, DeltaTableWriter ours, long before,
      String contested) {

    boolean isContestedPut(S3WireProxy.Request request) {
      return request.method().equals("PUT") && request.path().endsWith(contested);
    }
  }

  /** A new table in the bucket behind the proxy, written once by our writer with {@code conf}. */
  private Contest contest(Configuration conf, String label) throws Exception {
    StoreLayout layout = new StoreLayout(S3TestStore.newRoot(S3TestStore.WIRE_BUCKET, label));
    String table = layout.tablePath(StoreTable.STATS);
    DeltaTableWriter ours = Store.writers(Store.engine(conf), layout).get(StoreTable.STATS);
    ours.append("ours", 1, rows("ours", 0));
    long before = TableRows.version(Store.engine(conf), table);
    proxy.reset();
    return new Contest(layout, table, ours, before,
        String.format("_delta_log/%020d.json", before + 1));
  }

  /** The table's records, as writer/seq, in order. */
  private static List<String> rows(Configuration conf, String table) {
    List<String> rows = new ArrayList<>();
    TableRows.forEach(Store.engine(conf), table, List.of("writer_id", "seq"),
        row -> rows.add(row.text("writer_id") + "/" + row.whole("seq")));
    return rows.stream().sorted().toList();
  }

  private Outcome race(Configuration oursConf) throws Exception {
    Contest contest = contest(oursConf, "race");
    // the other writer has a log store that takes no lock in this JVM, as another JVM's would not
    DeltaTableWriter theirs = Store.writers(Store.engine(S3TestStore.hadoopConf()), contest.layout())
        .get(StoreTable.STATS);
    proxy.once(contest::isContestedPut, r -> {
      assertEquals(DeltaTableWriter.Outcome.COMMITTED, theirs.append("theirs", 1, rows("theirs", 0)));
      return null;
    });
    contest.ours().append("ours", 2, rows("ours", 3));

    Path commit = new Path(contest.table() + "/" + contest.contested());
    String text;
    try (InputStream in = commit.getFileSystem(oursConf).open(commit)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return new Outcome(rows(oursConf, contest.table()), contest.before(),
        TableRows.version(Store.engine(oursConf), contest.table()), text);
  }

  private List<S3WireProxy.Request> commitPuts() {
    return proxy.requests().stream()
        .filter(r -> r.method().equals("PUT") && r.path().matches(".*/_delta_log/\\d{20}\\.json"))
        .toList();
  }

  private static List<String> expectedRows(boolean withTheirs) {
    List<String> rows = new ArrayList<>();
    for (int seq = 0; seq < 6; seq++) {
      rows.add("ours/" + seq);
    }
    if (withTheirs) {
      for (int seq = 0; seq < 3; seq++) {
        rows.add("theirs/" + seq);
      }
    }
    return rows;
  }

  private static List<Object[]> rows(String writer, int from) {
    List<Object[]> rows = new ArrayList<>();
    for (int seq = from; seq < from + 3; seq++) {
      rows.add(StoreSchema.statRow(new StatRecord(Instant.now(), CONTEXT, writer, seq, "race",
          "TIME_SERIES", StatType.NUMBER, new NumberValue(seq))));
    }
    return rows;
  }
}
