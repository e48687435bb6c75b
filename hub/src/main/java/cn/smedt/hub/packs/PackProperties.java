package cn.smedt.hub.packs;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the node finds county packs besides those packaged on the classpath ({@code packs/} in the routes jar).
 *
 * @param dir          a directory laid out like {@code routes/} ({@code <province>/<city>/[<county>/]...}: route
 *                     files, {@code pack.yaml}, {@code policy.yaml}, {@code targets.yaml}, {@code mapping.yaml},
 *                     {@code factories/*.yaml}, and {@code lpr.yaml} at its root) whose files override the packaged
 *                     ones of the same region; empty or unset: packaged packs only
 * @param scanInterval how often {@link PackDirectoryWatcher} scans {@code dir} for added, changed and removed files
 *                     (PT5S); each change is published as one {@link PackFilesChanged}
 */
@ConfigurationProperties(prefix = "hub.packs")
public record PackProperties(String dir, @DefaultValue("PT5S") Duration scanInterval) {

    /** The pack directory, or null when none is configured. */
    public Path directory() {
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }
}
