/**
 * How Datasets and RDDs are summarised where the data lives: the profile's buffers, reader, Catalyst
 * aggregate and job of its own, the aggregators behind {@code MLOpsFunctions}, and what an RDD's
 * elements summarise to.
 */
package io.github.sparkmlops.internal.aggregate;
