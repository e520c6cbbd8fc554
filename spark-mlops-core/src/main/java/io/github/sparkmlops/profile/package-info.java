/**
 * What a Dataset profile says: {@link io.github.sparkmlops.profile.DataProfile}, one {@link
 * io.github.sparkmlops.profile.ColumnProfile} per column. Profiles are made by {@link
 * io.github.sparkmlops.aggregate.DataProfiler}.
 */
package io.github.sparkmlops.profile;
