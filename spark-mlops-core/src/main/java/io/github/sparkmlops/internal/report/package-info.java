/** The HTML report of a store: its self-contained page. */
package io.github.sparkmlops.internal.report;
