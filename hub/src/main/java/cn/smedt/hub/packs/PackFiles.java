package cn.smedt.hub.packs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The files of one kind in the packs directory ({@code hub.packs.dir}), to notice when they change. */
public final class PackFiles {

    private PackFiles() {
    }

    /**
     * Path to modification time of every file named one of {@code names} under {@code directory} (empty when the
     * directory is null or absent): two equal fingerprints mean nothing was added, changed or removed.
     */
    public static Map<Path, FileTime> fingerprint(Path directory, Set<String> names) throws IOException {
        Map<Path, FileTime> files = new TreeMap<>();
        if (directory == null || !Files.isDirectory(directory)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.filter(Files::isRegularFile)
                    .filter(f -> names.contains(f.getFileName().toString())).toList()) {
                files.put(file, Files.getLastModifiedTime(file));
            }
        }
        return files;
    }
}
