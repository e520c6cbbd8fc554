/**
 * The store as a self-contained HTML report: charts, tables, drift, events, models and runs, in one
 * file that opens anywhere with no network.
 */
package io.github.sparkmlops.report;
