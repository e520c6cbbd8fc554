package io.github.sparkmlops.sketch;

import io.github.sparkmlops.internal.serde.SerialProxy;
import java.util.function.Function;

/**
 * Reads this package's summaries back from the {@link SerialProxy} their {@code writeReplace}
 * puts in a Java serialization stream. An enum, so the stream names the decoder, not a class of
 * ours with fields.
 */
enum SummaryDecoder implements SerialProxy.Decoder {
  COUNT(CountSummary::fromBytes),
  CONTINUOUS(ContinuousSummary::fromBytes),
  CATEGORY(CategorySummary::fromBytes),
  VECTOR(VectorSummary::fromBytes);

  private final transient Function<byte[], Object> fromBytes;

  SummaryDecoder(Function<byte[], Object> fromBytes) {
    this.fromBytes = fromBytes;
  }

  @Override
  public Object decode(byte[] bytes) {
    return fromBytes.apply(bytes);
  }
}
