/**
 * The values a Spark job reports: numbers, strings, vectors, histograms, tables, multi-line graphs
 * and opaque JSON. Every value is immutable and validated when built; a bad argument is an
 * {@link java.lang.IllegalArgumentException} naming the argument and the rule.
 */
package io.github.sparkmlops.value;
