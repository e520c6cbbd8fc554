package io.github.sparkmlops.benchmarks;

import java.util.Arrays;

/** Wall-clock timing shared by the benchmarks. */
final class Timing {

  private Timing() {}

  /** The milliseconds one run of {@code run} takes. */
  static double millis(Runnable run) {
    long start = System.nanoTime();
    run.run();
    return (System.nanoTime() - start) / 1e6;
  }

  /**
   * The median milliseconds of {@code runs} runs of {@code run} after {@code warmups} untimed ones
   * (for an even count, the upper of the two middle runs).
   */
  static double medianMillis(int warmups, int runs, Runnable run) {
    for (int i = 0; i < warmups; i++) {
      run.run();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      ms[i] = millis(run);
    }
    Arrays.sort(ms);
    return ms[runs / 2];
  }
}
