/** The driver-side buffer and background thread that move records into the store, with retries. */
package io.github.sparkmlops.internal.flush;
