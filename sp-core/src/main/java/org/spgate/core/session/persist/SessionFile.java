package org.spgate.core.session.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;

/**
 * The sealed session file on disk. A write goes to a temporary file in the same directory (mode
 * 0600 from its creation), is forced to the disk, and is moved over the old file in one step: a
 * crash mid-write leaves the previous file, never half of one.
 */
public final class SessionFile {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final DateTimeFormatter ASIDE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path file;
  private final SessionFileCipher cipher;

  public SessionFile(Path file, SessionFileCipher cipher) {
    this.file = file.toAbsolutePath();
    this.cipher = cipher;
  }

  /** The file. */
  public Path path() {
    return file;
  }

  /**
   * The content, or empty when there is no file yet.
   *
   * @throws SessionFileException if the file cannot be used (see {@link SessionFileCipher#open})
   * @throws IOException if it cannot be read
   */
  public Optional<SessionFileContent> read() throws IOException, SessionFileException {
    byte[] sealed;
    try {
      sealed = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(SessionFileContent.decode(cipher.open(sealed)));
  }

  /**
   * Replaces the file with {@code content}, sealed, in one step.
   *
   * @return the size of the file written, in bytes
   */
  public long write(SessionFileContent content) throws IOException {
    byte[] sealed = cipher.seal(content.encode());
    Path dir = file.getParent();
    Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".part", ownerOnly());
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(sealed);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
    return sealed.length;
  }

  /**
   * Renames a file that was refused to {@code <file>.rejected-<UTC time>}, so that the next write
   * does not destroy it (it may be the only copy after a key rollover that is undone).
   *
   * @return the new name
   */
  public Path setAside(Instant now) throws IOException {
    Path aside = file.resolveSibling(file.getFileName() + ".rejected-" + ASIDE_TIME.format(now));
    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
    return aside;
  }

  private static FileAttribute<?>[] ownerOnly() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
  }

  /** Makes the rename durable (Linux: fsync of the directory); where that is refused, skipped. */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform opens directories; the file itself was forced before the move.
    }
  }
}
