package org.spgate.core.attribute;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spgate.core.config.ConfigException;

/**
 * Fuzzes the attribute-map loader: the input bytes are an attribute-map.xml file. The property:
 * every input yields a map or a {@link ConfigException} listing problems; any other exception or
 * error is a finding. Corpus: {@code AttributeMapFuzzTestInputs/load/}.
 */
class AttributeMapFuzzTest {

  private static final Path FILE;

  static {
    try {
      Path dir = Files.createTempDirectory("spgate-attribute-map-fuzz");
      dir.toFile().deleteOnExit();
      FILE = dir.resolve("attribute-map.xml");
      FILE.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @FuzzTest(maxDuration = "2m")
  void load(byte[] map) throws IOException {
    Files.write(FILE, map);
    try {
      AttributeMap.load(FILE);
    } catch (ConfigException expected) {
      // refused with its problems: the property holds
    }
  }
}
