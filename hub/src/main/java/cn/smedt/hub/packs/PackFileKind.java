package cn.smedt.hub.packs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The kinds of file a county pack holds, by name and folder, and the one way to list them in a pack directory (build
 * folders {@code target/} and {@code src/} inside it are skipped, so a source checkout of {@code routes/} works as a
 * pack directory).
 */
public enum PackFileKind {

    /** Camel YAML DSL routes: {@code <pack>/routes/*.yaml}. */
    ROUTES,
    /** OPC UA factories: {@code <pack>/factories/*.yaml}. */
    FACTORIES,
    /** The pack descriptor: {@code <pack>/pack.yaml}. */
    PACK,
    /** The subsidy policy: {@code <pack>/policy.yaml}. */
    POLICY,
    /** The programme targets: {@code <pack>/targets.yaml}. */
    TARGETS,
    /** The county platform's field mapping: {@code <pack>/mapping.yaml}. */
    MAPPING;

    /** True when {@code file} (a path in a pack directory) is of this kind. */
    public boolean matches(Path file) {
        String name = file.getFileName().toString();
        Path parent = file.getParent();
        String folder = parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
        return switch (this) {
            case ROUTES -> name.endsWith(".yaml") && folder.equals("routes");
            case FACTORIES -> name.endsWith(".yaml") && folder.equals("factories");
            case PACK -> name.equals("pack.yaml");
            case POLICY -> name.equals("policy.yaml");
            case TARGETS -> name.equals("targets.yaml");
            case MAPPING -> name.equals("mapping.yaml");
        };
    }

    /** The files of this kind in {@code root}, sorted; none when root is null or not a directory. */
    public List<Path> filesIn(Path root) throws IOException {
        return list(root).stream().filter(this::matches).toList();
    }

    /** Every regular file of a pack directory, sorted, build folders skipped; none when root is null or absent. */
    static List<Path> list(Path root) throws IOException {
        if (root == null || !Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !root.relativize(p).toString().replace('\\', '/').matches("(.*/)?(target|src)/.*"))
                    .sorted()
                    .toList();
        }
    }

    /**
     * The pack a file belongs to, relative to the pack directory ({@code zhejiang/jinhua/yiwu} for
     * {@code zhejiang/jinhua/yiwu/routes/county-platform.yaml}); empty for a file at the root.
     */
    static String packOf(Path root, Path file) {
        Path folder = root.relativize(file).getParent();
        if (folder != null && (ROUTES.matches(file) || FACTORIES.matches(file))) {
            folder = folder.getParent();
        }
        return folder == null ? "" : folder.toString().replace('\\', '/');
    }
}
