package org.spgate.core.metadata.remote;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The last metadata document that passed every check, kept on disk for a start-up while the URL
 * cannot be reached. Written to a temporary file in the same directory and moved over the old one,
 * so a crash mid-write leaves the previous copy, never half a document. What is read back is
 * checked again (signature, {@code validUntil}) like a fetched document.
 */
public final class MetadataCacheFile {

  private final Path file;

  public MetadataCacheFile(Path file) {
    this.file = file;
  }

  /** The file. */
  public Path path() {
    return file;
  }

  /** The cached bytes, or empty when there is no cache yet. */
  public Optional<byte[]> read() throws IOException {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Replaces the cached copy with {@code xml} in one step. */
  public void write(byte[] xml) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
    try {
      Files.write(temp, xml);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
