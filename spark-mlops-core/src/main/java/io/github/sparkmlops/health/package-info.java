/**
 * Health of a model's data: drift against a baseline, anomalies in stored series, gates on model
 * transitions.
 */
package io.github.sparkmlops.health;
