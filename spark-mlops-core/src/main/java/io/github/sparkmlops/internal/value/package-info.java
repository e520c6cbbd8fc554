/**
 * Validation shared by every public value: the one name rule, the time range, and JSON.
 */
package io.github.sparkmlops.internal.value;
