package io.github.sparkmlops.internal.maintain;

import io.delta.kernel.internal.actions.Protocol;
import io.delta.kernel.internal.tablefeatures.TableFeature;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The Delta table features maintenance knows to be safe, so that it leaves alone a table that uses
 * any other. Clean-up keeps only the files that {@code add} and {@code remove} actions name, and
 * compaction rewrites rows through Kernel: a feature that makes a table need other files (the
 * {@code .bin} files of deletion vectors, Iceberg metadata, a V2 checkpoint's sidecars) or rows
 * that Kernel's rewrite would change (row ids) would be broken by either.
 */
final class KnownFeatures {

  /**
   * The features whose tables keep all their data in the files {@code add} and {@code remove}
   * name and whose rows a rewrite keeps as they are: the constraint and column features (enforced
   * by writers, not stored beside the data), the change data feed (its files live under {@code
   * _change_data}, which clean-up never enters), and the ones that ask exactly for this check.
   */
  private static final Set<String> KNOWN = Set.of(
      "appendOnly", "invariants", "checkConstraints", "generatedColumns", "identityColumns",
      "columnMapping", "timestampNtz", "changeDataFeed", "domainMetadata", "inCommitTimestamp",
      "vacuumProtocolCheck");

  private KnownFeatures() {}

  /** The features {@code protocol} uses, explicitly or by its versions, that are not known. */
  static SortedSet<String> unknown(Protocol protocol) {
    SortedSet<String> unknown = new TreeSet<>(protocol.getReaderFeatures());
    unknown.addAll(protocol.getWriterFeatures());
    for (TableFeature implied : protocol.getImplicitlySupportedFeatures()) {
      unknown.add(implied.featureName());
    }
    unknown.removeAll(KNOWN);
    return unknown;
  }
}
