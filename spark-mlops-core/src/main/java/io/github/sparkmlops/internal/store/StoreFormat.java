package io.github.sparkmlops.internal.store;

import io.delta.kernel.engine.Engine;
import java.util.HashMap;
import java.util.Map;

/**
 * The store's format version, kept as a table property of every store table.
 *
 * <p>Adding a nullable column does not change the version: an older writer keeps such a column
 * (writing null into it) and readers see null on older rows. The version goes up only for a change
 * an older writer cannot honour (a column whose meaning or encoding changes), and this code refuses
 * to write a table of a newer version rather than corrupt it. A table without the property was
 * written before it existed, by format version 1.
 */
public final class StoreFormat {

  /** The table property holding the format version, an integer. */
  public static final String VERSION_PROPERTY = "spark-mlops.formatVersion";

  /** The table property naming the writer that created or last upgraded the table. */
  public static final String WRITER_PROPERTY = "spark-mlops.writer";

  /** The format version this code writes, and the newest it accepts. */
  public static final int VERSION = 1;

  private StoreFormat() {}

  /** The properties a table gets when this code creates or upgrades it. */
  static Map<String, String> tableProperties() {
    return Map.of(VERSION_PROPERTY, Integer.toString(VERSION),
        WRITER_PROPERTY, DeltaTableWriter.ENGINE_INFO);
  }

  /**
   * The properties a table gets when {@code engine} creates it at {@code path}: {@link
   * #tableProperties()} and, where the filesystem offers several, its {@link CommitProtocol}.
   */
  static Map<String, String> tableProperties(Engine engine, String path) {
    Map<String, String> properties = new HashMap<>(tableProperties());
    CommitProtocol.of(engine, path).ifPresent(p -> properties.put(CommitProtocol.PROPERTY, p));
    return properties;
  }

  /**
   * Checks that {@code engine} can write a table with these properties: its format version and
   * its commit protocol.
   *
   * @throws IllegalStateException if the table's format version is newer than {@link #VERSION}
   *     or unreadable, or the table records another commit protocol than {@code engine}'s
   */
  public static void requireWritable(Engine engine, String path,
      Map<String, String> tableProperties) {
    CommitProtocol.requireSame(path, tableProperties, CommitProtocol.of(engine, path));
    requireFormat(path, tableProperties);
  }

  private static void requireFormat(String path, Map<String, String> tableProperties) {
    String recorded = tableProperties.get(VERSION_PROPERTY);
    if (recorded == null) {
      return;
    }
    int version;
    try {
      version = Integer.parseInt(recorded.trim());
    } catch (NumberFormatException e) {
      throw new IllegalStateException("The table at " + path + " has " + VERSION_PROPERTY + "='"
          + recorded + "', which is not a format version; it was left untouched", e);
    }
    if (version > VERSION) {
      String writer = tableProperties.get(WRITER_PROPERTY);
      throw new IllegalStateException("The table at " + path + " has store format version "
          + version + (writer == null ? "" : ", written by " + writer) + ", but "
          + DeltaTableWriter.ENGINE_INFO + " writes format version " + VERSION
          + " and cannot write newer stores; it was left untouched. Use a newer spark-mlops.");
    }
  }
}
