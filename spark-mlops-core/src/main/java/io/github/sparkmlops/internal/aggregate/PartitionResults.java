package io.github.sparkmlops.internal.aggregate;

import java.io.Serializable;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import scala.Function1;
import scala.Function2;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

/**
 * Runs a job whose every task hands back one result in the library's own binary format, and
 * merges each on the driver as it arrives. A task's result goes through Spark's data serializer,
 * Kryo on many clusters: as bytes it travels in its versioned format rather than field by field,
 * and needs no class of ours registered where Kryo requires registration
 * ({@code spark.kryo.registrationRequired}).
 */
final class PartitionResults {

  private PartitionResults() {}

  /** Runs {@code perPartition}, one byte array per partition, into {@code merge}, in any order. */
  static void merge(JavaRDD<byte[]> perPartition, Consumer<byte[]> merge) {
    RDD<byte[]> rdd = perPartition.rdd();
    Function1<Iterator<byte[]>, byte[]> single =
        (Function1<Iterator<byte[]>, byte[]> & Serializable) Iterator::next;
    // Spark calls the handler for one task at a time
    Function2<Object, byte[], BoxedUnit> handler = (partition, bytes) -> {
      merge.accept(bytes);
      return BoxedUnit.UNIT;
    };
    rdd.context().runJob(rdd, single, handler, ClassTag$.MODULE$.apply(byte[].class));
  }
}
