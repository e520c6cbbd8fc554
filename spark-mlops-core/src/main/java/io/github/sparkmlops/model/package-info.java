/**
 * The model registry: publish, version, stage, alias, tag, load and promote MLlib models and model
 * files through the MLOps store ({@code MLOps.models()}).
 */
package io.github.sparkmlops.model;
