package io.github.sparkmlops.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local filesystem less hard links, as a FUSE mount such as {@code /Volumes} or {@code /dbfs}
 * presents it: {@code link(2)} fails with "Function not implemented" (what the kernel returns for
 * a FUSE filesystem without a link operation), everything else is the real filesystem.
 *
 * <p>Made the JVM's default filesystem with {@code
 * -Djava.nio.file.spi.DefaultFileSystemProvider=} this class, so that every {@code Paths.get} of
 * the code under test lands here; or used beside the default one through {@link #over}. With
 * {@link #ATOMIC_FOLDER_RENAMES}{@code =false} (a system property for the default one) it also
 * refuses to rename a folder atomically, as a filesystem that emulates renames by copying would:
 * then nothing safe is left for several writers.
 */
public final class NoHardLinksFileSystemProvider extends FileSystemProvider {

  /** The system property that, set to {@code false}, also takes atomic folder renames away. */
  public static final String ATOMIC_FOLDER_RENAMES = "sparkmlops.test.atomicFolderRenames";

  private final FileSystemProvider real;
  private final boolean atomicFolderRenames;
  private final Wrapped fileSystem;
  private final AtomicInteger linkAttempts = new AtomicInteger();

  /** The constructor the JDK calls for a default filesystem provider. */
  public NoHardLinksFileSystemProvider(FileSystemProvider real) {
    this(real, !"false".equals(System.getProperty(ATOMIC_FOLDER_RENAMES)));
  }

  private NoHardLinksFileSystemProvider(FileSystemProvider real, boolean atomicFolderRenames) {
    this.real = real;
    this.atomicFolderRenames = atomicFolderRenames;
    this.fileSystem = new Wrapped(real.getFileSystem(URI.create("file:///")));
  }

  /** A filesystem beside the default one, over the same files, without hard links. */
  static NoHardLinksFileSystemProvider over(FileSystemProvider real, boolean atomicFolderRenames) {
    return new NoHardLinksFileSystemProvider(real, atomicFolderRenames);
  }

  /** {@code path} (of the default filesystem) seen through this one. */
  Path path(Path path) {
    return fileSystem.wrap(path);
  }

  /** How often a hard link was asked for. */
  int linkAttempts() {
    return linkAttempts.get();
  }

  @Override
  public void createLink(Path link, Path existing) throws IOException {
    linkAttempts.incrementAndGet();
    throw new FileSystemException(link.toString(), existing.toString(), "Function not implemented");
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    if (!atomicFolderRenames && Arrays.asList(options).contains(StandardCopyOption.ATOMIC_MOVE)
        && Files.isDirectory(unwrap(source))) {
      throw new AtomicMoveNotSupportedException(source.toString(), target.toString(),
          "folders are renamed by copying");
    }
    real.move(unwrap(source), unwrap(target), options);
  }

  @Override
  public String getScheme() {
    return real.getScheme();
  }

  @Override
  public FileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
    throw new UnsupportedOperationException("the default filesystem exists already");
  }

  @Override
  public FileSystem getFileSystem(URI uri) {
    return fileSystem;
  }

  @Override
  public Path getPath(URI uri) {
    return fileSystem.wrap(real.getPath(uri));
  }

  @Override
  public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
      FileAttribute<?>... attrs) throws IOException {
    return real.newByteChannel(unwrap(path), options, attrs);
  }

  @Override
  public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options,
      FileAttribute<?>... attrs) throws IOException {
    return real.newFileChannel(unwrap(path), options, attrs);
  }

  @Override
  public java.nio.channels.AsynchronousFileChannel newAsynchronousFileChannel(Path path,
      Set<? extends OpenOption> options, ExecutorService executor, FileAttribute<?>... attrs)
      throws IOException {
    return real.newAsynchronousFileChannel(unwrap(path), options, executor, attrs);
  }

  @Override
  public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
    return real.newInputStream(unwrap(path), options);
  }

  @Override
  public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
    return real.newOutputStream(unwrap(path), options);
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
      throws IOException {
    DirectoryStream<Path> entries = real.newDirectoryStream(unwrap(dir),
        entry -> filter.accept(fileSystem.wrap(entry)));
    return new DirectoryStream<>() {
      @Override
      public Iterator<Path> iterator() {
        Iterator<Path> it = entries.iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public Path next() {
            return fileSystem.wrap(it.next());
          }
        };
      }

      @Override
      public void close() throws IOException {
        entries.close();
      }
    };
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    real.createDirectory(unwrap(dir), attrs);
  }

  @Override
  public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
    real.createSymbolicLink(unwrap(link), unwrap(target), attrs);
  }

  @Override
  public Path readSymbolicLink(Path link) throws IOException {
    return fileSystem.wrap(real.readSymbolicLink(unwrap(link)));
  }

  @Override
  public void delete(Path path) throws IOException {
    real.delete(unwrap(path));
  }

  @Override
  public boolean deleteIfExists(Path path) throws IOException {
    return real.deleteIfExists(unwrap(path));
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) throws IOException {
    real.copy(unwrap(source), unwrap(target), options);
  }

  @Override
  public boolean isSameFile(Path path, Path path2) throws IOException {
    return real.isSameFile(unwrap(path), unwrap(path2));
  }

  @Override
  public boolean isHidden(Path path) throws IOException {
    return real.isHidden(unwrap(path));
  }

  @Override
  public FileStore getFileStore(Path path) throws IOException {
    return real.getFileStore(unwrap(path));
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    real.checkAccess(unwrap(path), modes);
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type,
      LinkOption... options) {
    return real.getFileAttributeView(unwrap(path), type, options);
  }

  @Override
  public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type,
      LinkOption... options) throws IOException {
    return real.readAttributes(unwrap(path), type, options);
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
      throws IOException {
    return real.readAttributes(unwrap(path), attributes, options);
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
      throws IOException {
    real.setAttribute(unwrap(path), attribute, value, options);
  }

  private static Path unwrap(Path path) {
    if (path instanceof WrappedPath w) {
      return w.real;
    }
    throw new ProviderMismatchException(String.valueOf(path));
  }

  /** The real filesystem, its paths wrapped so that every operation comes back to this provider. */
  private final class Wrapped extends FileSystem {
    private final FileSystem real;

    Wrapped(FileSystem real) {
      this.real = real;
    }

    /** Wraps a path of the real filesystem; one of ours (the JDK makes some through File) stays. */
    Path wrap(Path path) {
      return path == null || path instanceof WrappedPath ? path : new WrappedPath(this, path);
    }

    @Override
    public FileSystemProvider provider() {
      return NoHardLinksFileSystemProvider.this;
    }

    @Override
    public void close() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public boolean isReadOnly() {
      return false;
    }

    @Override
    public String getSeparator() {
      return real.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
      List<Path> roots = new ArrayList<>();
      real.getRootDirectories().forEach(r -> roots.add(wrap(r)));
      return roots;
    }

    @Override
    public Iterable<FileStore> getFileStores() {
      return real.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
      return real.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
      return wrap(real.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
      PathMatcher matcher = real.getPathMatcher(syntaxAndPattern);
      return path -> matcher.matches(unwrap(path));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
      return real.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
      throw new UnsupportedOperationException("not needed by the tests");
    }
  }

  private static final class WrappedPath implements Path {
    private final Wrapped fs;
    private final Path real;

    WrappedPath(Wrapped fs, Path real) {
      this.fs = fs;
      this.real = real;
    }

    @Override
    public FileSystem getFileSystem() {
      return fs;
    }

    @Override
    public boolean isAbsolute() {
      return real.isAbsolute();
    }

    @Override
    public Path getRoot() {
      return fs.wrap(real.getRoot());
    }

    @Override
    public Path getFileName() {
      return fs.wrap(real.getFileName());
    }

    @Override
    public Path getParent() {
      return fs.wrap(real.getParent());
    }

    @Override
    public int getNameCount() {
      return real.getNameCount();
    }

    @Override
    public Path getName(int index) {
      return fs.wrap(real.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
      return fs.wrap(real.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
      return other instanceof WrappedPath w && real.startsWith(w.real);
    }

    @Override
    public boolean endsWith(Path other) {
      return other instanceof WrappedPath w && real.endsWith(w.real);
    }

    @Override
    public Path normalize() {
      return fs.wrap(real.normalize());
    }

    @Override
    public Path resolve(Path other) {
      return fs.wrap(real.resolve(unwrap(other)));
    }

    @Override
    public Path relativize(Path other) {
      return fs.wrap(real.relativize(unwrap(other)));
    }

    @Override
    public URI toUri() {
      return real.toUri();
    }

    @Override
    public Path toAbsolutePath() {
      return fs.wrap(real.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
      return fs.wrap(real.toRealPath(options));
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events,
        WatchEvent.Modifier... modifiers) {
      throw new UnsupportedOperationException("not needed by the tests");
    }

    @Override
    public int compareTo(Path other) {
      return real.compareTo(unwrap(other));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof WrappedPath w && real.equals(w.real);
    }

    @Override
    public int hashCode() {
      return real.hashCode();
    }

    @Override
    public String toString() {
      return real.toString();
    }
  }
}
