/** Events and alerts: what happened during a run, with a type, a severity and JSON details. */
package io.github.sparkmlops.event;
