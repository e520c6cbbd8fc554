/**
 * The model registry behind {@code io.github.sparkmlops.model}: the registry's tables read and
 * written through Kernel, model files saved and verified, URIs resolved, and the views {@code
 * models} and {@code runs} folded from the store.
 */
package io.github.sparkmlops.internal.model;
