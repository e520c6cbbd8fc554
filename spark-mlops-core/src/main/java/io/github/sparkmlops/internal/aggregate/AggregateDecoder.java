package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.internal.serde.SerialProxy;
import java.util.function.Function;

/**
 * Reads this package's serializable state back from the {@link SerialProxy} its {@code
 * writeReplace} puts in a Java serialization stream (task results of {@link ProfileJob} and of
 * {@link ElementSummary#of}).
 */
enum AggregateDecoder implements SerialProxy.Decoder {
  PROFILE_BUFFER(ProfileBuffer::fromBytes),
  ELEMENT_SUMMARY(ElementSummary::fromBytes);

  private final transient Function<byte[], Object> fromBytes;

  AggregateDecoder(Function<byte[], Object> fromBytes) {
    this.fromBytes = fromBytes;
  }

  @Override
  public Object decode(byte[] bytes) {
    return fromBytes.apply(bytes);
  }
}
