/**
 * How the facade reads a store back: through the {@code mlops} data source, shaped per stat type.
 */
package io.github.sparkmlops.internal.read;
