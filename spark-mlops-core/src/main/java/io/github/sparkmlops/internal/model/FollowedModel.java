package io.github.sparkmlops.internal.model;

import io.github.sparkmlops.model.LiveModel;
import io.github.sparkmlops.model.ModelVersion;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model a URI names, kept loaded: {@link #get()} compares the registry tables' versions with
 * the ones it last resolved at (two snapshot loads), and only when they moved resolves the URI again
 * and, if it names another version now, loads and verifies that one. Once a model is loaded, nothing
 * the registry does stops the pipeline: a registry that names no version or a version that fails
 * to load is raised once as a health alert and tried again at its next change; a registry that
 * cannot be read (a storage failure, a torn commit, tables gone or younger than the ones read
 * before), or a version whose verified files MLlib cannot load now, is raised once per outage
 * and tried again on every call.
 */
final class FollowedModel<T> implements LiveModel<T> {

  private static final Logger LOG = LoggerFactory.getLogger(FollowedModel.class);

  private final Registry registry;
  private final ModelUri uri;
  private final Class<T> type;
  private long[] seen;
  private ModelVersion version;
  private T model;
  /** Whether the outage under way was raised already; cleared by the next call that succeeds. */
  private boolean outageRaised;

  FollowedModel(Registry registry, ModelUri uri, Class<T> type) {
    this.registry = registry;
    this.uri = uri;
    this.type = type;
  }

  @Override
  public synchronized T get() {
    long[] now;
    RegistryState state;
    try {
      now = registry.tables().tableVersions();
      if (model != null) {
        requireNotBehind(now);
        if (Arrays.equals(now, seen)) {
          return recovered();
        }
      }
      state = registry.tables().state();
    } catch (RuntimeException e) {
      return keepServingThroughOutage(e, () -> registry.unreadable(uri, version, e.getMessage()));
    }
    try {
      ModelVersion named = state.resolve(uri);
      if (version == null || named.version() != version.version()) {
        T loaded = registry.load(named, type);
        registry.accepted(uri, named, version);
        model = loaded;
      }
      version = named;
    } catch (Registry.LoadFailedException e) {
      // its files were verified, MLlib could not load them now: not a verdict, so try again
      return keepServingThroughOutage(e, () -> registry.loadFailed(uri, version, e.getMessage()));
    } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
      if (model == null) {
        throw e;
      }
      LOG.warn("{} keeps serving {}: {}", uri, version.uri(), e.getMessage());
      registry.keptServing(uri, version, e.getMessage());
    } catch (RuntimeException e) {
      // the files of the version named could not be read: not a verdict on them, so try again
      return keepServingThroughOutage(e, () -> registry.unreadable(uri, version, e.getMessage()));
    }
    seen = now;
    return recovered();
  }

  /**
   * A table's version never goes back: lower versions than the ones resolved at mean the tables
   * read now are not the ones the model came from (the store's folder gone or another in its place).
   */
  private void requireNotBehind(long[] now) {
    for (int t = 0; t < now.length; t++) {
      if (now[t] < seen[t]) {
        throw new IllegalStateException("its tables are at versions " + Arrays.toString(now)
            + ", behind the versions " + Arrays.toString(seen) + " read before: the store is "
            + "missing or not the one the model was loaded from");
      }
    }
  }

  /**
   * Keeps serving the loaded model through a failure that says nothing about the registry's
   * versions, raising {@code alert} once per outage; before any model is loaded, throws {@code e}.
   */
  private T keepServingThroughOutage(RuntimeException e, Runnable alert) {
    if (model == null) {
      throw e;
    }
    if (!outageRaised) {
      outageRaised = true;
      LOG.warn("{} keeps serving {} through a failure; it tries again on every call", uri,
          version.uri(), e);
      alert.run();
    }
    return model;
  }

  private T recovered() {
    if (outageRaised) {
      outageRaised = false;
      LOG.info("The registry can be read and its model loaded again; {} follows {}", uri,
          version.uri());
    }
    return model;
  }

  @Override
  public synchronized ModelVersion version() {
    return version;
  }
}
