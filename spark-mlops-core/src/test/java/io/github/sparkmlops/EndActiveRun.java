package io.github.sparkmlops;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Ends the active MLOps instance after every test (registered for all tests through the service
 * file and {@code junit-platform.properties}), so a test that fails before its {@code done()} does
 * not leave its instance, store and settings to the next test.
 */
public final class EndActiveRun implements AfterEachCallback {

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      MLOps.get().done();
    } catch (IllegalStateException noActiveInstance) {
      // the test ended it itself
    }
  }
}
