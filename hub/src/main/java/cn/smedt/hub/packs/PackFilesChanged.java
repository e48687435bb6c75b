package cn.smedt.hub.packs;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Published (Spring application event, on the watcher's thread) by {@link PackDirectoryWatcher} when files of the
 * pack directory were added, changed or removed since its previous scan. Readers listen with
 * {@code @EventListener} and pick the kinds they read; a reader that fails keeps what runs and logs it (the event
 * reaches every listener).
 *
 * @param directory the pack directory ({@code hub.packs.dir})
 * @param changes   what changed, sorted by file
 */
public record PackFilesChanged(Path directory, List<Change> changes) {

    /** How a file changed. */
    public enum Type { ADDED, CHANGED, REMOVED }

    /**
     * One file's change.
     *
     * @param pack the pack it belongs to, relative to the directory (e.g. {@code zhejiang/jinhua/yiwu})
     * @param file the file
     * @param type added, changed or removed
     */
    public record Change(String pack, Path file, Type type) {
    }

    public PackFilesChanged {
        changes = List.copyOf(changes);
    }

    /** True when a file of one of these kinds changed. */
    public boolean concerns(PackFileKind... kinds) {
        return changes.stream().anyMatch(c -> matchesAny(c.file(), kinds));
    }

    /** The changes to files of this kind. */
    public List<Change> of(PackFileKind kind) {
        return changes.stream().filter(c -> kind.matches(c.file())).toList();
    }

    /** The packs concerned. */
    public Set<String> packs() {
        Set<String> packs = new TreeSet<>();
        changes.forEach(c -> packs.add(c.pack()));
        return packs;
    }

    private static boolean matchesAny(Path file, PackFileKind... kinds) {
        for (PackFileKind kind : kinds) {
            if (kind.matches(file)) {
                return true;
            }
        }
        return false;
    }
}
