package cn.smedt.hub.packs;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code bin/check-pack <pack folder>}: the connector contract test kit ({@link CountyPackContractTest}) on a pack
 * wherever it lies, without Java of its own. The folder is given by {@code -Dhub.pack-check.dir}; the pack's path
 * ({@code <province>/<city>/<county>}) by {@code -Dhub.pack-check.pack}, else the folder's last three names. Without
 * {@code hub.pack-check.dir} (e.g. in the full suite) the test is skipped.
 */
@EnabledIfSystemProperty(named = "hub.pack-check.dir", matches = ".+",
        disabledReason = "no -Dhub.pack-check.dir: run bin/check-pack <pack folder>")
class PackCheckIT extends CountyPackContractTest {

    static final String DIR = System.getProperty("hub.pack-check.dir", "");

    @HubIT.Settings
    static void node(HubNode node) {
        if (!DIR.isEmpty()) {
            register(node, packOf(), Path.of(DIR));
        }
    }

    static String packOf() {
        String given = System.getProperty("hub.pack-check.pack", "");
        if (!given.isEmpty()) {
            return given;
        }
        Path dir = Path.of(DIR).toAbsolutePath().normalize();
        int names = dir.getNameCount();
        if (names < 3 || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("hub.pack-check.dir " + DIR + " is not a pack folder"
                    + " <province>/<city>/<county>");
        }
        return dir.subpath(names - 3, names).toString().replace('\\', '/');
    }

    @Override
    protected String pack() {
        return packOf();
    }
}
