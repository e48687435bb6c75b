package cn.smedt.hub.packs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Files of one kind in the packs directory ({@code hub.packs.dir}), followed so that a reader notices when they are
 * added, changed or removed (policies, targets, OPC UA factories; route files have {@link PackDirectoryWatcher}).
 */
public final class PackFiles {

    private final Path directory;
    private final Predicate<Path> kind;
    private Map<Path, FileTime> seen;
    private final AtomicLong failedReloads = new AtomicLong();

    /**
     * @param directory the packs directory; null or absent: no files
     * @param kind      which files count
     */
    public PackFiles(Path directory, Predicate<Path> kind) throws IOException {
        this.directory = directory;
        this.kind = kind;
        this.seen = fingerprint();
    }

    /** Files named one of {@code names}. */
    public static PackFiles named(Path directory, Set<String> names) throws IOException {
        return new PackFiles(directory, file -> names.contains(file.getFileName().toString()));
    }

    /** The files now, sorted. */
    public List<Path> files() throws IOException {
        return new ArrayList<>(fingerprint().keySet());
    }

    /** Path to modification time of the files now. */
    public Map<Path, FileTime> fingerprint() throws IOException {
        Map<Path, FileTime> files = new TreeMap<>();
        if (directory == null || !Files.isDirectory(directory)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.filter(Files::isRegularFile).filter(kind).toList()) {
                files.put(file, Files.getLastModifiedTime(file));
            }
        }
        return files;
    }

    /** True when a file was added, changed or removed since the previous call (or since construction). */
    public synchronized boolean changed() throws IOException {
        Map<Path, FileTime> now = fingerprint();
        if (now.equals(seen)) {
            return false;
        }
        seen = now;
        return true;
    }

    /** Counts a reload that the reader refused (a broken file: what runs stays). */
    public void reloadFailed() {
        failedReloads.incrementAndGet();
    }

    /** Reloads refused since start: for operators and tests. */
    public long failedReloads() {
        return failedReloads.get();
    }
}
