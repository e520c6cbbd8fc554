package io.github.sparkmlops.sql.internal.plan;

import java.io.Serializable;

/**
 * A Parquet data file of a store table as Kernel planned it: what a task needs to read it.
 *
 * @param path the file's absolute URI
 * @param size its length in bytes, for spreading files over partitions
 * @param modificationTime when it was written (milliseconds since the epoch)
 * @param date its {@code date} partition value (days since the epoch), null for a NULL partition
 *     (which other Delta writers can produce)
 */
public record DataFile(String path, long size, long modificationTime, Integer date) implements Serializable {}
