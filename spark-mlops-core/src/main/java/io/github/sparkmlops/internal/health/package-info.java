/** The statistics that compare two distributions of a column. */
package io.github.sparkmlops.internal.health;
