package io.github.sparkmlops.run;

/**
 * Where the records of one writer stand.
 *
 * @param acknowledged records accepted into the buffer
 * @param written records committed to the store (each exactly once)
 * @param pending records acknowledged and not yet written: after {@code done()}, the records that
 *     could not be written
 * @param dropped records refused because the buffer stayed full; never acknowledged
 * @param failedAttempts commits that failed and were retried
 * @param lastError the last commit failure, or null if none happened
 */
public record FlushReport(
    long acknowledged, long written, long pending, long dropped, long failedAttempts,
    String lastError) {

  /**
   * True when every acknowledged record is in the store and none was dropped.
   *
   * @return whether the flush is complete
   */
  public boolean complete() {
    return pending == 0 && dropped == 0;
  }
}
