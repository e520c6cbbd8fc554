/**
 * The values a Spark job reports: numbers, strings, vectors, histograms, tables, multi-line graphs
 * and opaque JSON. Every value is immutable and validated when built; a bad argument is an
 * {@link java.lang.IllegalArgumentException} naming the argument and the rule.
 *
 * <p>Every name-like string (stat names, event titles, the run context, vector, histogram and graph
 * labels, table column and row names) follows one rule, called "a valid name" in this package: not
 * null, not empty, at most 256 characters, no control characters, no unpaired surrogates, and at
 * least one character that is neither whitespace nor invisible (Unicode Zs, Zl, Zp, Cf).
 */
package io.github.sparkmlops.value;
