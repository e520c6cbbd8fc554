/**
 * The {@code spark.mlops.*} settings: how they are read, where the store root is, and how a
 * boolean is parsed, each in one place.
 */
package io.github.sparkmlops.internal.config;
