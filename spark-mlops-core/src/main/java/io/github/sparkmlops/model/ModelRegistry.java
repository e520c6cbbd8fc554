package io.github.sparkmlops.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;

/**
 * The model registry of an MLOps store ({@code MLOps.models()}): publish MLlib models and model
 * files with automatic versions, move versions through {@link Stage}s and aliases, tag them, load
 * them back by {@code models:/} URI with their checksum verified, and promote them to another store.
 *
 * <p>Model URIs: {@code models:/NAME/VERSION}, {@code models:/NAME/STAGE} (the newest version in
 * that stage; {@code None}, {@code Staging}, {@code Production}, {@code Archived}, any case), {@code
 * models:/NAME/latest} and {@code models:/NAME@ALIAS}.
 *
 * <p>Model names are 1 to 128 letters, digits, {@code .}, {@code _} and {@code -}, starting with a
 * letter or digit, without {@code ..}; aliases are 1 to 64 letters, digits, {@code _} and {@code -},
 * starting with a letter, and neither {@code latest} nor a stage's name. Every change (publication,
 * transition, alias, tag, metric) is one Delta commit, ordered per model: two applications changing
 * the same model at once both succeed, one after the other. A missing model, version, stage or
 * alias is an {@link IllegalArgumentException} naming what was asked and what exists.
 */
public interface ModelRegistry {

  /**
   * Publishes an MLlib model (a {@code PipelineModel} above all) as the model's next version.
   *
   * @param name the registered model's name
   * @param model the fitted model to save
   * @return the version published
   */
  ModelVersion publish(String name, MLWritable model);

  /**
   * Publishes an MLlib model as the model's next version, with a description, tags, metrics, its
   * input signature and training profile. The model is saved under the store root, every file is
   * checksummed, and the version is committed last: a failure leaves no version behind.
   *
   * @param name the registered model's name
   * @param model the fitted model to save
   * @param options what to record with the version
   * @return the version published
   */
  ModelVersion publish(String name, MLWritable model, PublishOptions options);

  /**
   * Publishes model files with no description, tags nor metrics: see the next method.
   *
   * @param name the registered model's name
   * @param source the file or folder to copy, on any Hadoop filesystem
   * @param kind what the files are ({@code onnx}, {@code pmml}, ...)
   * @return the version published
   */
  ModelVersion publishArtifact(String name, String source, String kind);

  /**
   * Publishes model files (an ONNX or PMML file, a folder) as the model's next version: {@code
   * source} (a file or folder on any Hadoop filesystem) is copied under the store root.
   *
   * @param name the registered model's name
   * @param source the file or folder to copy, on any Hadoop filesystem
   * @param kind what the files are ({@code onnx}, {@code pmml}, ...); the version's format is {@code
   *     artifact:<kind>}
   * @param options what to record with the version
   * @return the version published
   */
  ModelVersion publishArtifact(String name, String source, String kind, PublishOptions options);

  /**
   * The version a {@code models:/} URI names, as it stands now.
   *
   * @param uri a {@code models:/} URI ({@code models:/NAME/VERSION}, {@code /STAGE}, {@code
   *     /latest}, {@code @ALIAS})
   * @return the version, as it stands now
   */
  ModelVersion get(String uri);

  /**
   * The version a {@code models:/} URI named at {@code time}: {@code models:/churn/Production} at
   * noon yesterday is the version that was in Production then; empty if none was.
   *
   * @param uri a {@code models:/} URI ({@code models:/NAME/VERSION}, {@code /STAGE}, {@code
   *     /latest}, {@code @ALIAS})
   * @param time the instant to look back to
   * @return the version named then, or empty if none was
   */
  Optional<ModelVersion> getAt(String uri, Instant time);

  /**
   * Every version of a model, oldest first.
   *
   * @param name the registered model's name
   * @return the versions, oldest first
   */
  List<ModelVersion> versions(String name);

  /**
   * The names of the registered models, sorted.
   *
   * @return the names, sorted
   */
  List<String> names();

  /**
   * Loads the MLlib model a {@code models:/} URI names, after checking every file against the stored
   * checksum.
   *
   * @param <T> the model's class
   * @param uri a {@code models:/} URI ({@code models:/NAME/VERSION}, {@code /STAGE}, {@code
   *     /latest}, {@code @ALIAS})
   * @param type the class to load the model as, e.g. {@code PipelineModel.class}
   * @return the model, loaded
   * @throws IllegalStateException if a file is missing, added or changed since publication (nothing
   *     is loaded), or the version holds files rather than an MLlib model
   * @throws ClassCastException if the model is not a {@code type}
   */
  <T> T load(String uri, Class<T> type);

  /**
   * The folder holding a version's files (an artifact's or a model's), after checking every file
   * against the stored checksum.
   *
   * @param uri a {@code models:/} URI ({@code models:/NAME/VERSION}, {@code /STAGE}, {@code
   *     /latest}, {@code @ALIAS})
   * @return the folder's path
   */
  String verifiedLocation(String uri);

  /**
   * A model to use on every micro-batch: {@link LiveModel#get()} returns the version {@code uri}
   * names now, reloading only when the stage or alias has moved, and records a {@code
   * MODEL_ACCEPTED} event on each switch.
   *
   * @param <T> the model's class
   * @param uri a {@code models:/} URI ({@code models:/NAME/VERSION}, {@code /STAGE}, {@code
   *     /latest}, {@code @ALIAS})
   * @param type the class to load the model as, e.g. {@code PipelineModel.class}
   * @return the live model; nothing is loaded before its first {@code get()}
   */
  <T> LiveModel<T> follow(String uri, Class<T> type);

  /**
   * Moves a version to {@code stage}; the previous Production version, if any, stays there.
   *
   * @param name the registered model's name
   * @param version the version's number
   * @param stage the stage to move the version to
   * @return the version, in its new stage
   */
  ModelVersion transition(String name, long version, Stage stage);

  /**
   * Moves a version to {@code stage}, recording {@code reason}. With {@code archiveOthers} and
   * {@code stage == PRODUCTION}, the versions in Production until now move to {@code Archived} in
   * the same commit. Moving a version to the stage it is in records nothing.
   *
   * @param name the registered model's name
   * @param version the version's number
   * @param stage the stage to move the version to
   * @param archiveOthers whether the versions in Production until now move to Archived
   * @param reason why, kept in the version's history; may be null
   * @return the version, in its new stage
   */
  ModelVersion transition(String name, long version, Stage stage, boolean archiveOthers,
      String reason);

  /**
   * Moves a version to {@code stage} if every condition of {@code gate} holds, as {@link
   * #transition(String, long, Stage)} does, with the gate as the history row's reason. Every
   * condition is checked, on the registry as it stands; if the version or the one in Production
   * changes before the move commits, the gate is checked again. A version already in {@code stage}
   * stays there, with no condition checked and nothing recorded.
   *
   * <p>Automatic deployment is a gate here plus {@link #follow} on the serving side: a version the
   * gate lets into Production is what {@code models:/NAME/Production} serves next.
   *
   * @param name the registered model's name
   * @param version the version's number
   * @param stage the stage to move the version to
   * @param gate the conditions the move needs
   * @return the version, in its new stage
   * @throws GateRefusedException naming the model, version, stage and each failed condition, if
   *     any failed: nothing moved, and only a {@code TRANSITION_REFUSED} row of {@code
   *     model_history} (its {@code reason} the failures) was written
   */
  ModelVersion transition(String name, long version, Stage stage, Gate gate);

  /**
   * Points {@code alias} at a version, moving it from the version it pointed at, if any.
   *
   * @param name the registered model's name
   * @param alias the alias, e.g. {@code champion}
   * @param version the version's number
   * @return the version the alias now points at
   */
  ModelVersion setAlias(String name, String alias, long version);

  /**
   * Removes an alias.
   *
   * @param name the registered model's name
   * @param alias the alias, e.g. {@code champion}
   */
  void removeAlias(String name, String alias);

  /**
   * Sets a tag on a version (a new value replaces the old).
   *
   * @param name the registered model's name
   * @param version the version's number
   * @param key the tag's key
   * @param value the tag's value
   */
  void setTag(String name, long version, String key, String value);

  /**
   * Removes a tag from a version.
   *
   * @param name the registered model's name
   * @param version the version's number
   * @param key the tag's key
   */
  void removeTag(String name, long version, String key);

  /**
   * Sets a tag on the model itself.
   *
   * @param name the registered model's name
   * @param key the tag's key
   * @param value the tag's value
   */
  void setModelTag(String name, String key, String value);

  /**
   * Removes a tag from the model itself.
   *
   * @param name the registered model's name
   * @param key the tag's key
   */
  void removeModelTag(String name, String key);

  /**
   * The model's own tags.
   *
   * @param name the registered model's name
   * @return the tags, by key
   */
  Map<String, String> modelTags(String name);

  /**
   * Logs metrics of a version: kept with the version (the {@code metrics} of {@code models}) and
   * reported as stats attached to it ({@code model_name}, {@code model_version}).
   *
   * <p>This method, the evaluations and {@link #logFeatureImportances} take a version this store
   * holds (one its registry returned), and write as every change of the registry does.
   *
   * @param version a version this store holds
   * @param metrics the metrics, by name
   * @throws IllegalArgumentException if the store does not hold {@code version}: no version of
   *     that name and number, or another store's (its files are elsewhere)
   * @throws IllegalStateException if reporting is disabled ({@code spark.mlops.enabled=false}) or
   *     {@code done()} was called
   */
  void logMetrics(ModelVersion version, Map<String, Double> metrics);

  /**
   * Evaluates a classifier's predictions and logs the usual metrics on the version: {@code
   * accuracy}, {@code precision}, {@code recall}, {@code f1} (weighted over labels), {@code auc}
   * when there are two labels and a {@code rawPrediction} column, and the confusion matrix as the
   * table stat {@code confusion_matrix}. The first four come from one aggregation (the confusion
   * matrix), AUC from one more.
   *
   * @param version a version this store holds
   * @param predictions the model's output on labelled data
   * @param labelColumn the column holding the true label
   * @return the metrics logged, by name
   */
  Map<String, Double> evaluateClassification(ModelVersion version, Dataset<?> predictions,
      String labelColumn);

  /**
   * Evaluates a regressor's predictions and logs {@code rmse}, {@code mae} and {@code r2}.
   *
   * @param version a version this store holds
   * @param predictions the model's output on labelled data
   * @param labelColumn the column holding the true label
   * @return the metrics logged, by name
   */
  Map<String, Double> evaluateRegression(ModelVersion version, Dataset<?> predictions,
      String labelColumn);

  /**
   * Reports feature importances (a tree model's {@code featureImportances}) as the labelled vector
   * stat {@code feature_importances} attached to the version, which must be one this store holds
   * (see {@link #logMetrics}).
   *
   * @param version a version this store holds
   * @param importances the importance of each feature
   * @param featureNames the features' names, in the order of {@code importances}
   */
  void logFeatureImportances(ModelVersion version, Vector importances, String... featureNames);

  /**
   * Checks that {@code data} has every column of the version's signature with the same type.
   *
   * @param version a version this store holds
   * @param data the data the version would score
   * @throws IllegalArgumentException naming each missing or mistyped column
   * @throws IllegalStateException if the version was published without a signature
   */
  void checkSignature(ModelVersion version, Dataset<?> data);

  /**
   * Copies a version to another store (dev to prod) with its files (checked against the source's
   * checksum before the copy is committed), description, signature, tags, metrics and lineage (the
   * training run), in stage None; a {@code PROMOTED} history row holds the source's history. The
   * target assigns its own version number and records where it came from in {@code source}.
   *
   * @param uri a {@code models:/} URI ({@code models:/NAME/VERSION}, {@code /STAGE}, {@code
   *     /latest}, {@code @ALIAS})
   * @param targetStore the other store's root
   * @return the version in the target store
   * @throws IllegalArgumentException if {@code targetStore} is this store, or can never hold a
   *     store (a scheme no filesystem serves, a regular file, a path under a regular file), as
   *     {@code MLOps.init} checks {@code spark.mlops.store}; nothing is copied then
   */
  ModelVersion promote(String uri, String targetStore);
}
