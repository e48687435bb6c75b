package cn.smedt.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU goes, from the {@code jdk.ExecutionSample} events of a JFR recording (what
 * {@code jfr print --events jdk.ExecutionSample} shows, counted): the share of samples per component (the first
 * frame from the top that is not JDK code, by package: H2, BouncyCastle, Hazelcast, ...), per thread group and the top
 * frames.
 */
final class JfrSummary {

    /** Package prefix to component; the first match from the top of a stack wins; JDK frames are skipped. */
    private static final List<String[]> COMPONENTS = List.of(
            new String[] {"org.h2.", "H2 database"},
            new String[] {"org.postgresql.", "PostgreSQL JDBC driver"},
            new String[] {"com.zaxxer.hikari.", "Hikari pool"},
            new String[] {"org.bouncycastle.", "BouncyCastle (SM2/SM3)"},
            new String[] {"com.hazelcast.", "Hazelcast"},
            new String[] {"com.fasterxml.jackson.", "Jackson"},
            new String[] {"org.apache.activemq.", "Artemis"},
            new String[] {"org.apache.camel.", "Camel"},
            new String[] {"org.apache.catalina.", "Tomcat"},
            new String[] {"org.apache.coyote.", "Tomcat"},
            new String[] {"org.apache.tomcat.", "Tomcat"},
            new String[] {"org.springframework.", "Spring"},
            new String[] {"org.flywaydb.", "Flyway"},
            new String[] {"io.netty.", "Netty (Artemis, Hazelcast)"},
            new String[] {"cn.smedt.security.", "hub: security module"},
            new String[] {"cn.smedt.", "hub code"});
    private static final Set<String> JDK = Set.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    private JfrSummary() {
    }

    /**
     * The summary of a recording of {@code requests} requests: execution samples by component, first hub frame,
     * thread and top frame; allocation samples ({@code jdk.ObjectAllocationSample}, their weights: the bytes they
     * stand for) by component and class, per request; garbage collections.
     */
    static String of(Path recording, String title, long requests) throws IOException {
        Map<String, Integer> byComponent = new HashMap<>();
        Map<String, Integer> byHubFrame = new HashMap<>();
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> byTopFrame = new HashMap<>();
        Map<String, Long> allocatedByComponent = new HashMap<>();
        Map<String, Long> allocatedByClass = new HashMap<>();
        Map<String, Long> allocatedByHubFrame = new HashMap<>();
        long allocated = 0;
        int samples = 0;
        int collections = 0;
        Duration pauses = Duration.ZERO;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.GarbageCollection")) {
                collections++;
                pauses = pauses.plus(event.getDuration("sumOfPauses"));
                continue;
            }
            boolean execution = type.equals("jdk.ExecutionSample");
            if (!execution && !type.equals("jdk.ObjectAllocationSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            if (!execution) {
                long weight = event.getLong("weight");
                allocated += weight;
                allocatedByComponent.merge(component(frames), weight, Long::sum);
                allocatedByHubFrame.merge(hubFrame(frames), weight, Long::sum);
                RecordedClass objectClass = event.getClass("objectClass");
                allocatedByClass.merge(objectClass == null ? "?" : objectClass.getName(), weight, Long::sum);
                continue;
            }
            samples++;
            byTopFrame.merge(name(frames.get(0)), 1, Integer::sum);
            byComponent.merge(component(frames), 1, Integer::sum);
            byHubFrame.merge(hubFrame(frames), 1, Integer::sum);
            String thread = event.getThread("sampledThread") == null ? "?"
                    : event.getThread("sampledThread").getJavaName();
            byThread.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1, Integer::sum);
        }
        StringBuilder md = new StringBuilder("JFR profile, " + title + ": " + samples + " execution samples\n\n");
        table(md, "component (first non-JDK frame from the top)", byComponent, samples, 16);
        table(md, "first hub frame from the top (cn.smedt)", byHubFrame, samples, 15);
        table(md, "thread", byThread, samples, 8);
        table(md, "top frame", byTopFrame, samples, 15);
        md.append(String.format("Allocation (jdk.ObjectAllocationSample weights): %.0f MB in all, %.1f KB per request"
                        + " (%d requests); %d garbage collections, pauses %d ms in all%n%n", allocated / 1e6,
                requests == 0 ? Double.NaN : allocated / 1e3 / requests, requests, collections, pauses.toMillis()));
        table(md, "allocating component (first non-JDK frame from the top)", allocatedByComponent, allocated, 12);
        table(md, "allocating first hub frame (cn.smedt)", allocatedByHubFrame, allocated, 12);
        table(md, "allocated class", allocatedByClass, allocated, 12);
        return md.toString();
    }

    private static String hubFrame(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (frame.getMethod().getType().getName().startsWith("cn.smedt.")) {
                return name(frame);
            }
        }
        return "no hub frame";
    }

    /** A table of the largest counts (samples, or bytes of allocation samples) with their shares of {@code total}. */
    private static <N extends Number & Comparable<N>> void table(StringBuilder md, String what, Map<String, N> counts,
                                                                 double total, int limit) {
        md.append("| ").append(what).append(" | share |\n|---|---:|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, N>comparingByValue().reversed()).limit(limit)
                .forEach(e -> md.append(String.format("| `%s` | %.1f%% |%n", e.getKey(),
                        100.0 * e.getValue().doubleValue() / total)));
        md.append('\n');
    }

    private static String component(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (JDK.stream().anyMatch(type::startsWith)) {
                continue;
            }
            return COMPONENTS.stream().filter(c -> type.startsWith(c[0])).map(c -> c[1]).findFirst()
                    .orElse("other: " + type.replaceAll("\\.[^.]+$", ""));
        }
        return "JDK only (" + name(frames.get(0)).replaceAll("\\.[^.]+$", "") + ")";
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
