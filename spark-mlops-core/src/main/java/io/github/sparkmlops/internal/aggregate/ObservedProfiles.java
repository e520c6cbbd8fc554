package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.profile.DataProfile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The column names of the profiles that streaming queries observe, by observation name, in this
 * driver. A profile travels through a progress event as bare bytes; the listener that stores it
 * finds here the names {@code DataProfiler.observe(df, name)} profiled, in order. The last
 * registration of a name wins.
 */
public final class ObservedProfiles {

  private static final Map<String, List<String>> COLUMNS = new ConcurrentHashMap<>();

  private ObservedProfiles() {}

  /** Records that the observation {@code name} profiles {@code columns}, in this order. */
  public static void register(String name, List<String> columns) {
    COLUMNS.put(name, List.copyOf(columns));
  }

  /**
   * The profile in {@code bytes}, a result observed as {@code name}, or empty when no profile of
   * that name was registered in this driver.
   *
   * @throws IllegalArgumentException if the bytes are not a profile of the registered columns
   */
  public static Optional<DataProfile> read(String name, byte[] bytes) {
    List<String> columns = COLUMNS.get(name);
    return columns == null ? Optional.empty()
        : Optional.of(ProfileBuffer.fromBytes(bytes).profile(columns));
  }
}
