package io.github.sparkmlops.sql;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.RelationProvider;
import org.apache.spark.sql.sources.TableScan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Map;

/** A V1 data source of no kind the lineage knows: two rows from nowhere. */
public final class UnknownRelationSource implements RelationProvider {

  @Override
  public BaseRelation createRelation(SQLContext sqlContext, Map<String, String> parameters) {
    return new Rows(sqlContext);
  }

  private static final class Rows extends BaseRelation implements TableScan {
    private final SQLContext sqlContext;

    Rows(SQLContext sqlContext) {
      this.sqlContext = sqlContext;
    }

    @Override
    public SQLContext sqlContext() {
      return sqlContext;
    }

    @Override
    public StructType schema() {
      return new StructType().add("id", DataTypes.LongType);
    }

    @Override
    public RDD<Row> buildScan() {
      return JavaSparkContext.fromSparkContext(sqlContext.sparkContext())
          .parallelize(List.of(RowFactory.create(1L), RowFactory.create(2L))).rdd();
    }
  }
}
