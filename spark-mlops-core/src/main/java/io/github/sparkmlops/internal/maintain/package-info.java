/**
 * Store maintenance: compaction of small files, checkpoints, and clean-up of files and log entries
 * past their retention, run on demand ({@code MLOps.maintain()}) or in the background.
 */
package io.github.sparkmlops.internal.maintain;
