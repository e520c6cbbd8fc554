package io.github.sparkmlops.internal.serde;

import java.io.ObjectStreamException;
import java.io.Serializable;

/**
 * What a summary or profile buffer puts in a Java serialization stream in its place ({@code
 * writeReplace}): its versioned bytes and which decoder reads them back. Spark insists on Java
 * serialization for accumulators in task results, an {@code Aggregator}'s buffer encoder and
 * closures; with this proxy the stream holds this class, an enum constant's name and our bytes,
 * never our classes' fields.
 *
 * @param decoder reads {@code bytes} back; an enum constant, which Java serializes by name
 * @param bytes the object's encoding
 */
public record SerialProxy(Decoder decoder, byte[] bytes) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Reads one type's bytes back. Implement it with an enum, one constant per type. */
  public interface Decoder extends Serializable {
    /** The object encoded in {@code bytes}. */
    Object decode(byte[] bytes);
  }

  private Object readResolve() throws ObjectStreamException {
    return decoder.decode(bytes);
  }
}
