package io.github.sparkmlops.internal.store;

/**
 * A store table that this application has opened is gone, or another table has taken its place:
 * its writer refuses to create or write a table there, so that records never go to a store nobody
 * reads (a new, empty one in the folder of an unmounted volume, say) and land in the store when
 * it comes back. The flusher keeps its records and tries again later; the same table coming back
 * (remounted, restored) ends the error.
 */
public final class TableLostException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** What happens meanwhile, and what a user does to write again. */
  private static final String MEANWHILE = "nothing is written to the store until it is back "
      + "(the same tables, remounted or restored): reports are kept and retried until then or "
      + "until the application ends, and model publications and registry changes fail. To write "
      + "to a new store at this path, start a new application (or call MLOps.done() and "
      + "MLOps.init(spark) again).";

  private TableLostException(String message) {
    super(message);
  }

  /** The table at {@code path}, whose id was {@code id}, is no longer there. */
  static TableLostException gone(String table, String path, String id) {
    return new TableLostException("The " + table + " table at " + path + ", which this "
        + "application has opened (Delta table id " + id + "), is gone: the store was unmounted, "
        + "moved or deleted. spark-mlops does not create a new table there: " + MEANWHILE);
  }

  /** The table at {@code path} was not created because a table it has seen in the store is lost. */
  static TableLostException storeLost(String table, String path, TableLostException sibling) {
    return new TableLostException("The " + table + " table at " + path + " does not exist, and "
        + "is not created, because the store it belongs to is lost: " + sibling.getMessage());
  }

  /** The table at {@code path} had the id {@code was}, and now has {@code now}. */
  static TableLostException replaced(String table, String path, String was, String now) {
    return new TableLostException("The " + table + " table at " + path + " is not the table "
        + "this application has opened: its Delta table id was " + was + " and is now " + now
        + " (the store was deleted and created anew, or another one put in its place). "
        + "spark-mlops does not write to the new table: " + MEANWHILE);
  }
}
