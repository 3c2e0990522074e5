package org.spgate.core.metadata;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.spgate.core.config.ConfigException;
import org.spgate.core.testing.MutableClock;

/**
 * Fuzzes the IdP metadata loader: the input bytes are a metadata file. The property: every input
 * yields IdP descriptors or a {@link ConfigException} listing problems; any other exception or
 * error is a finding. Corpus: {@code IdpMetadataLoaderFuzzTestInputs/loadAll/}.
 */
class IdpMetadataLoaderFuzzTest {

  private static final MutableClock CLOCK = MutableClock.atSystemTime();
  private static final Path FILE;

  static {
    try {
      Path dir = Files.createTempDirectory("spgate-metadata-fuzz");
      dir.toFile().deleteOnExit();
      FILE = dir.resolve("metadata.xml");
      FILE.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @FuzzTest(maxDuration = "2m")
  void loadAll(byte[] metadata) throws IOException {
    Files.write(FILE, metadata);
    try {
      IdpMetadataLoader.loadAll(List.of(FILE), CLOCK);
    } catch (ConfigException expected) {
      // refused with its problems: the property holds
    }
  }
}
