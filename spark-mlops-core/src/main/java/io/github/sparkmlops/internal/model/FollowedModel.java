package io.github.sparkmlops.internal.model;

import io.github.sparkmlops.model.LiveModel;
import io.github.sparkmlops.model.ModelVersion;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model a URI names, kept loaded: {@link #get()} compares the registry tables' versions with
 * the ones it last resolved at (two snapshot loads), and only when they moved resolves the URI again
 * and, if it names another version now, loads and verifies that one. Once a model is loaded, a
 * registry that names no version or a version that fails to load does not stop the pipeline: the
 * loaded model keeps serving and the problem is raised once as a health alert.
 */
final class FollowedModel<T> implements LiveModel<T> {

  private static final Logger LOG = LoggerFactory.getLogger(FollowedModel.class);

  private final Registry registry;
  private final ModelUri uri;
  private final Class<T> type;
  private long[] seen;
  private ModelVersion version;
  private T model;

  FollowedModel(Registry registry, ModelUri uri, Class<T> type) {
    this.registry = registry;
    this.uri = uri;
    this.type = type;
  }

  @Override
  public synchronized T get() {
    long[] now = registry.tables().tableVersions();
    if (model != null && Arrays.equals(now, seen)) {
      return model;
    }
    try {
      ModelVersion named = registry.tables().state().resolve(uri);
      if (version == null || named.version() != version.version()) {
        T loaded = registry.load(named, type);
        registry.accepted(uri, named, version);
        model = loaded;
      }
      version = named;
    } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
      if (model == null) {
        throw e;
      }
      LOG.warn("{} keeps serving {}: {}", uri, version.uri(), e.getMessage());
      registry.keptServing(uri, version, e.getMessage());
    }
    seen = now;
    return model;
  }

  @Override
  public synchronized ModelVersion version() {
    return version;
  }
}
