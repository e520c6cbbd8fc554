package io.github.sparkmlops.sql.internal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Objects;
import org.apache.spark.sql.connector.read.streaming.Offset;

/**
 * A position in the stream of a store table's data files: every file before it has been read,
 * none after it. The stream is the files of the starting snapshot (sorted by modification time,
 * then path), then, commit by commit, the files each commit adds with {@code dataChange=true}, in
 * the order the commit lists them. Both orders are fixed by the log, so a query restarted from
 * its checkpoint resumes exactly here.
 *
 * <p>Kept in the checkpoint as JSON, with a format number so a later layout can still read it.
 *
 * @param tableId the Delta table id ({@code metaData.id}) the position belongs to, or null while
 *     the table does not exist yet (the stream then starts at its version 0)
 * @param version in the snapshot, the snapshot's version; otherwise the next commit to read
 * @param index how many files of that snapshot or commit have been read
 * @param inSnapshot whether the position is within the starting snapshot
 */
public record StreamOffset(String tableId, long version, long index, boolean inSnapshot) {

  /** The layout of the JSON; bumped when fields change meaning. */
  static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  public StreamOffset {
    if (version < 0 || index < 0) {
      throw new IllegalArgumentException("Offset version and index must be >= 0: " + version + ", " + index);
    }
  }

  /** The position before the first file of commit {@code version}. */
  static StreamOffset atCommit(String tableId, long version) {
    return new StreamOffset(tableId, version, 0, false);
  }

  /** The position Spark hands back, whether it came from this stream or from a checkpoint. */
  static StreamOffset of(Offset offset) {
    return offset instanceof SparkOffset spark ? spark.offset() : fromJson(offset.json());
  }

  /** This position in Spark's form. */
  SparkOffset toSpark() {
    return new SparkOffset(this);
  }

  String json() {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", FORMAT);
    node.put("tableId", tableId);
    node.put("version", version);
    node.put("index", index);
    node.put("inSnapshot", inSnapshot);
    return node.toString();
  }

  /** Reads an offset from a checkpoint; a malformed or newer one is an error, never a restart. */
  static StreamOffset fromJson(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the mlops stream offset '" + json + "'", e);
    }
    int format = node.path("format").asInt(-1);
    if (format != FORMAT) {
      throw new IllegalStateException("The mlops stream offset '" + json + "' has format " + format
          + "; this version of spark-mlops reads format " + FORMAT);
    }
    JsonNode id = node.get("tableId");
    return new StreamOffset(id == null || id.isNull() ? null : id.asText(),
        node.get("version").asLong(), node.get("index").asLong(), node.get("inSnapshot").asBoolean());
  }

  /** Spark's view of a {@link StreamOffset}: equal when the JSON is. */
  static final class SparkOffset extends Offset {
    private final StreamOffset offset;

    SparkOffset(StreamOffset offset) {
      this.offset = Objects.requireNonNull(offset);
    }

    StreamOffset offset() {
      return offset;
    }

    @Override
    public String json() {
      return offset.json();
    }
  }
}
