package cn.smedt.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command-line tool a test runs as a user would (mosquitto_pub, curl, openssl), with no input, for at most 20 s. */
public final class TestCommand {

    /** The exit code and what the command wrote (standard output and error together). */
    public record Result(int exit, String output) {
    }

    private TestCommand() {
    }

    /** Runs the command (its name first); {@code missing} says how to install it when it is not there. */
    public static Result run(List<String> command, String missing) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is missing: " + missing, e);
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not end within 20 s: " + command);
        }
        try {
            return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("output of " + command, e);
        }
    }
}
