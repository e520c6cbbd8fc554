/**
 * The model registry: publish, version, stage, alias, tag, load and promote MLlib models and model
 * files through the MLOps store ({@code MLOps.models()}), and the {@link
 * io.github.sparkmlops.model.Gate}s a stage transition can require.
 */
package io.github.sparkmlops.model;
