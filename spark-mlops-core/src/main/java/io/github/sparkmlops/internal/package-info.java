/**
 * Everything behind the public API. Nothing under {@code io.github.sparkmlops.internal} is meant
 * for users: it may change in any release, and its types appear in no public signature.
 */
package io.github.sparkmlops.internal;
