package io.github.sparkmlops.internal.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkmlops.internal.lineage.LineagePlans.Found;
import io.github.sparkmlops.internal.store.LineageTable;
import io.github.sparkmlops.internal.store.LineageTable.Relation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.streaming.SinkProgress;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * What one micro-batch of a Structured Streaming query read and wrote, from the progress Spark
 * reports for it: each source's description and end offset (the offsets Spark already stored in
 * the checkpoint) and the sink's description. Pure text work with no Spark job, no I/O but
 * qualifying a path; run on a report thread.
 *
 * <p>A description is {@code Kind[inside]} (Spark's own form: {@code DeltaSource[file:/t]}, {@code
 * FileSink[file:/out]}) or a bare kind ({@code ForeachBatchSink}, {@code MemorySink}, or an
 * object's {@code class@hash}). The kind gives the format:
 *
 * <ul>
 *   <li>{@code DeltaSource}, {@code DeltaSink}: {@code delta}, the path inside the brackets. For a
 *       source, the version is the last Delta version the stream has read by the end of the
 *       batch (see {@code deltaVersion}) and the table id is the end offset's {@code
 *       reservoirId}. A sink's version and id are not in the progress: null;
 *   <li>{@code FileStreamSource}, {@code FileSink}: {@code files} (the progress does not say
 *       which file format), the path inside the brackets;
 *   <li>Kafka: {@code kafka}, one input per topic of the end offset, the topic as {@code
 *       table_name};
 *   <li>rate, memory, console, socket, {@code foreachBatch}, {@code foreach}, and any other kind:
 *       that format (an unknown kind is its own format) with no path, and {@code table_name} the
 *       description (without an object's {@code @hash}, which changes at every run).
 * </ul>
 *
 * <p>A description with no kind (empty, or not starting with a name) is skipped and counted,
 * never an error.
 */
public final class StreamRelations {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A kind (a class name, maybe qualified or nested), then {@code [inside]} or an {@code @hash}. */
  private static final Pattern DESCRIPTION =
      Pattern.compile("([A-Za-z_$][\\w$.]*)(?:\\[(.*?)]?|@[0-9a-f]+)?", Pattern.DOTALL);
  /** Formats of the kinds Spark and delta-spark name; a kind not here is its own format. */
  private static final Map<String, String> FORMATS = Map.ofEntries(
      Map.entry("DeltaSource", "delta"), Map.entry("DeltaSink", "delta"),
      Map.entry("FileStreamSource", "files"), Map.entry("FileSink", "files"),
      Map.entry("KafkaV2", "kafka"), Map.entry("KafkaSource", "kafka"),
      Map.entry("KafkaTable", "kafka"), Map.entry("KafkaSink", "kafka"),
      Map.entry("RateStreamV2", "rate"), Map.entry("RateSource", "rate"),
      Map.entry("MemoryStream", "memory"), Map.entry("MemorySink", "memory"),
      Map.entry("ConsoleTable", "console"), Map.entry("TextSocketV2", "socket"),
      Map.entry("ForeachBatchSink", "foreachBatch"), Map.entry("ForeachWriterTable", "foreach"));
  /** Delta's offset index before the first file of its version (v1 and v3 of its offsets). */
  private static final long DELTA_BASE_INDEX_V1 = -1;
  private static final long DELTA_BASE_INDEX_V3 = -100;

  private StreamRelations() {}

  /**
   * The inputs and the output of the micro-batch {@code progress} reports, in order (sources,
   * then the sink).
   *
   * @param hadoopConf to qualify paths, as Spark names them in plans ({@code file:/t})
   */
  public static Found of(StreamingQueryProgress progress, Configuration hadoopConf) {
    List<Relation> found = new ArrayList<>();
    int skipped = 0;
    for (SourceProgress source : progress.sources()) {
      List<Relation> inputs = source(source.description(), source.endOffset(), hadoopConf);
      if (inputs.isEmpty()) {
        skipped++;
      }
      found.addAll(inputs);
    }
    SinkProgress sink = progress.sink();
    Relation output = sink == null ? null : sink(sink.description(), hadoopConf);
    if (output == null) {
      skipped++;
    } else {
      found.add(output);
    }
    return new Found(List.copyOf(found), skipped);
  }

  /**
   * What a source read, by its description and end offset (JSON, or null); empty when the
   * description is not understood.
   */
  static List<Relation> source(String description, String endOffset, Configuration hadoopConf) {
    Described d = Described.of(description);
    if (d == null) {
      return List.of();
    }
    switch (d.format()) {
      case "delta":
        JsonNode offset = json(endOffset);
        String tableId = offset == null ? null : offset.path("reservoirId").textValue();
        return d.inside() == null ? List.of() : List.of(new Relation(LineageTable.INPUT, "delta",
            LineagePlans.qualify(d.inside(), hadoopConf), null, tableId, deltaVersion(offset),
            null, null));
      case "kafka":
        List<Relation> topics = new ArrayList<>();
        JsonNode offsets = json(endOffset);
        if (offsets != null && offsets.isObject()) {
          for (Iterator<String> it = offsets.fieldNames(); it.hasNext(); ) {
            topics.add(new Relation(LineageTable.INPUT, "kafka", null, it.next(), null, null,
                null, null));
          }
        }
        return topics;
      default:
        return List.of(d.relation(LineageTable.INPUT, hadoopConf));
    }
  }

  /** What a sink wrote, by its description; null when the description is not understood. */
  static Relation sink(String description, Configuration hadoopConf) {
    Described d = Described.of(description);
    return d == null ? null : d.relation(LineageTable.OUTPUT, hadoopConf);
  }

  /**
   * The last Delta version whose data the stream has read by the end offset {@code offset}:
   * Delta's offset names the version it is in ({@code reservoirVersion}) and the file within it
   * ({@code index}); at the base index, before that version's first file, the stream has read
   * through the version before. Within a version (a batch cut by {@code maxFilesPerTrigger}, or
   * the snapshot a stream starts from) it is that version, read in part. Null when unknown.
   */
  static Long deltaVersion(JsonNode offset) {
    if (offset == null || !offset.path("reservoirVersion").canConvertToLong()) {
      return null;
    }
    long version = offset.path("reservoirVersion").asLong();
    long index = offset.path("index").asLong(DELTA_BASE_INDEX_V1);
    if (index == DELTA_BASE_INDEX_V1 || index == DELTA_BASE_INDEX_V3) {
      version--;
    }
    return version < 0 ? null : version;
  }

  /**
   * Whether {@code qe} runs a micro-batch of a streaming query (Spark's {@code
   * IncrementalExecution}, in {@code ...execution.streaming} up to Spark 4.0 and in {@code
   * ...execution.streaming.runtime} since 4.1, hence by simple name): its sources and sink are
   * recorded from the batch's progress, not from its plan.
   */
  static boolean isMicroBatch(QueryExecution qe) {
    for (Class<?> c = qe.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getSimpleName().equals("IncrementalExecution")) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode json(String text) {
    try {
      return text == null ? null : JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * A description taken apart.
   *
   * @param text the description without an object's {@code @hash}
   * @param inside what the brackets hold, or null
   */
  private record Described(String format, String text, String inside) {

    /** The parts of {@code description}, or null when it does not start with a kind. */
    static Described of(String description) {
      if (description == null) {
        return null;
      }
      Matcher m = DESCRIPTION.matcher(description.strip());
      if (!m.matches()) {
        return null;
      }
      String name = m.group(1);
      String kind = name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$',
          name.length() - 2)) + 1).replace("$", "");
      String inside = m.group(2) == null || m.group(2).isBlank() ? null : m.group(2).strip();
      String text = description.strip().replaceFirst("@[0-9a-f]+$", "");
      return new Described(FORMATS.getOrDefault(kind, kind), text, inside);
    }

    /** The relation of a kind that has a path inside its brackets, or is named by its text. */
    Relation relation(String direction, Configuration hadoopConf) {
      boolean hasPath = format.equals("delta") || format.equals("files");
      if (hasPath && inside != null) {
        return new Relation(direction, format, LineagePlans.qualify(inside, hadoopConf), null,
            null, null, null, null);
      }
      return new Relation(direction, format, null, text, null, null, null, null);
    }
  }
}
