package cn.smedt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of a process's threads by thread group, from {@code /proc/<pid>/task/<tid>/stat} (user and system time,
 * so what execution samples do not see: the kernel's network and file work on a thread, GC, JIT). Threads are
 * grouped by their name ({@code comm}, which the JVM sets to the Java thread name, 15 characters) with digits
 * replaced by N. A difference of two readings is taken thread by thread: a thread that started in between counts
 * with all its time, one that ended in between (the JVM ends idle compiler threads) is left out of both.
 */
final class ThreadCpu {

    /** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    /** A thread's group and its user and system seconds. */
    private record Task(String group, double user, double system) {
    }

    /** User and system seconds per thread, by thread id. */
    record Times(Map<Long, Task> byTid) {

        /** User and system seconds the thread groups whose name contains {@code part} spent since {@code before}. */
        double seconds(Times before, String part) {
            return delta(before).entrySet().stream().filter(e -> e.getKey().contains(part))
                    .mapToDouble(e -> e.getValue()[0] + e.getValue()[1]).sum();
        }

        /** The share of all the threads' CPU since {@code before} that the groups whose name has {@code part} took. */
        double share(Times before, String part) {
            double total = delta(before).values().stream().mapToDouble(t -> t[0] + t[1]).sum();
            return total == 0 ? 0 : seconds(before, part) / total;
        }

        /** User and system seconds per thread group since {@code before}. */
        private Map<String, double[]> delta(Times before) {
            Map<String, double[]> delta = new HashMap<>();
            byTid.forEach((tid, t) -> {
                Task b = before.byTid.getOrDefault(tid, new Task(t.group(), 0, 0));
                double[] sum = delta.computeIfAbsent(t.group(), g -> new double[2]);
                sum[0] += t.user() - b.user();
                sum[1] += t.system() - b.system();
            });
            return delta;
        }

        /**
         * CPU milliseconds per item of the {@code top} thread groups that spent the most since {@code before}
         * (user and system together), the most first.
         */
        Map<String, Double> millisPerItem(Times before, long items, int top) {
            Map<String, Double> groups = new LinkedHashMap<>();
            delta(before).entrySet().stream().filter(e -> e.getValue()[0] + e.getValue()[1] > 0)
                    .sorted((a, b) -> Double.compare(b.getValue()[0] + b.getValue()[1],
                            a.getValue()[0] + a.getValue()[1])).limit(top)
                    .forEach(e -> groups.put(e.getKey(),
                            Math.round((e.getValue()[0] + e.getValue()[1]) * 1e6 / items) / 1000.0));
            return groups;
        }

        /** What the threads spent since {@code before}, as a Markdown table with shares of the total. */
        String since(Times before, long requests) {
            Map<String, double[]> delta = delta(before);
            double total = delta.values().stream().mapToDouble(t -> t[0] + t[1]).sum();
            StringBuilder md = new StringBuilder(String.format("Hub threads' CPU (/proc, user+system): %.2f s in all,"
                    + " %.3f ms per request%n%n| thread group | share | user ms/req | system ms/req |%n"
                    + "|---|---:|---:|---:|%n", total, requests == 0 ? Double.NaN : total * 1000 / requests));
            delta.entrySet().stream().filter(e -> e.getValue()[0] + e.getValue()[1] > 0)
                    .sorted((a, b) -> Double.compare(b.getValue()[0] + b.getValue()[1],
                            a.getValue()[0] + a.getValue()[1])).limit(12)
                    .forEach(e -> md.append(String.format("| `%s` | %.1f%% | %.3f | %.3f |%n", e.getKey(),
                            100 * (e.getValue()[0] + e.getValue()[1]) / total, e.getValue()[0] * 1000 / requests,
                            e.getValue()[1] * 1000 / requests)));
            return md.append('\n').toString();
        }
    }

    private ThreadCpu() {
    }

    /** The process's threads' times now. */
    static Times of(long pid) throws IOException {
        Map<Long, Task> byTid = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("\\d+", "N");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byTid.put(Long.parseLong(task.getFileName().toString()), new Task(name,
                            Long.parseLong(fields[11]) / TICKS, Long.parseLong(fields[12]) / TICKS));
                } catch (IOException ended) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return new Times(byTid);
    }
}
