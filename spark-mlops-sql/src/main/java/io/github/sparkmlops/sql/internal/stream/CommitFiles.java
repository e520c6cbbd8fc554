package io.github.sparkmlops.sql.internal.stream;

import io.github.sparkmlops.sql.internal.plan.DataFile;
import java.util.List;
import java.util.Optional;

/**
 * What one commit of a store table means to a stream.
 *
 * @param version the commit's version
 * @param files the data files it adds with {@code dataChange=true}, in the commit's order; files a
 *     compaction adds ({@code dataChange=false}) hold rows already read and are left out
 * @param removesData whether it removes a file with {@code dataChange=true} (a {@code DELETE},
 *     {@code UPDATE} or {@code MERGE}), which a stream of appended records cannot express
 * @param tableId the table id of a {@code metaData} action in the commit, if it has one
 */
record CommitFiles(long version, List<DataFile> files, boolean removesData, Optional<String> tableId) {

  CommitFiles {
    files = List.copyOf(files);
  }
}
