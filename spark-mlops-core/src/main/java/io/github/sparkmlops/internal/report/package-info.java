/**
 * How a report is made: the store read through the {@code mlops} data source and reduced to what a
 * page can show ({@link io.github.sparkmlops.internal.report.ReportData}), then written into one
 * HTML page with its charts' library inlined ({@link io.github.sparkmlops.internal.report.ReportPage}).
 */
package io.github.sparkmlops.internal.report;
