package org.spgate.core.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Resolves file names from the configuration against its directory and checks that they exist.
 *
 * <p>Only existence and readability are checked here; the XML and PEM readers parse the contents.
 * Problems name the resolved absolute path, because "attribute-map.xml not found" does not say
 * which directory was searched.
 */
final class FileChecks {

  private final Path baseDir;

  FileChecks(Path configFile) {
    Path parent = configFile.toAbsolutePath().getParent();
    this.baseDir = parent != null ? parent : Path.of("").toAbsolutePath();
  }

  /** The directory relative file names are resolved against. */
  Path baseDir() {
    return baseDir;
  }

  /** An existing, readable regular file, named absolutely or relative to the config file. */
  ValueType<Path> existingFile() {
    return new ValueType<>("a file name", text -> check(resolve(text), ""));
  }

  /**
   * A file spgate writes, named absolutely or relative to the config file: its directory must exist
   * and be writable (the file itself need not exist yet). {@code what} names it in problems.
   */
  ValueType<Path> writableFile(String what) {
    return new ValueType<>(
        "a file name in a writable directory",
        text -> {
          Path path;
          try {
            path = baseDir.resolve(text).normalize();
          } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a valid file name: " + ValueType.quote(text));
          }
          Path dir = path.getParent();
          if (text.isBlank() || dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                "the directory of the " + what + " does not exist: " + dir);
          }
          if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException(
                "the directory of the " + what + " is not writable: " + dir);
          }
          if (Files.isDirectory(path)) {
            throw new IllegalArgumentException("is a directory, expected a file: " + path);
          }
          return path;
        });
  }

  /** Resolves and checks a default file name, explaining in a problem which key to set. */
  Path existingDefault(String fileName, String key) {
    return check(resolve(fileName), " (the default; set " + key + " to use another file)");
  }

  private Path resolve(String text) {
    if (text.isBlank() || text.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("expected a file name, got " + ValueType.quote(text));
    }
    try {
      return baseDir.resolve(text).normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("not a valid file name: " + ValueType.quote(text));
    }
  }

  private static Path check(Path path, String note) {
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("file not found: " + path + note);
    } else if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("not a regular file: " + path + note);
    } else if (!Files.isReadable(path)) {
      throw new IllegalArgumentException("file not readable: " + path + note);
    }
    return path;
  }
}
