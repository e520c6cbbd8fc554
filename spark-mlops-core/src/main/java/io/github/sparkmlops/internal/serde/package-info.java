/**
 * The versioned binary format of everything summaries and profiles hold, for whatever is stored or
 * sent between JVMs: no Java serialization of our classes' state.
 *
 * <p>Every encoded object starts with a 4-byte header: the magic {@code 0x6D 0x6C} ("ml"), a type
 * tag ({@link io.github.sparkmlops.internal.serde.Format}) and that type's format version. Fields
 * follow in a fixed order, big-endian; counts that are usually small are unsigned LEB128 varints;
 * a nested object is its own encoding (header included), prefixed by its length. A reader refuses
 * another type, a version it does not know, a truncated buffer and trailing bytes with an {@link
 * IllegalArgumentException}. A change to a type's fields is a new version of that type; readers
 * keep reading the old ones (the fixtures under {@code src/test/resources/serde} hold them).
 *
 * <p>This package depends on no other of ours, so every package may use it without a cycle.
 */
package io.github.sparkmlops.internal.serde;
