package io.github.servletauth.servlet;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Captures what the tests' logging backends write while it is open: slf4j-simple (the binding of this module's
 * tests, which looks {@code System.err} up on every record) and java.util.logging (the PostgreSQL driver's),
 * so that a test can assert that no request produced a record spanning several lines or carrying a stack
 * trace. Everything still reaches the real {@code System.err}.
 */
final class LogCapture implements AutoCloseable {

    /** How slf4j-simple starts a record: {@code [thread] LEVEL logger - message}. */
    private static final Pattern RECORD_START =
            Pattern.compile("\\[[^\\]\\r\\n]*\\] (TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - [^\\n]*");

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final List<LogRecord> julRecords = new ArrayList<>();
    private final Logger julRoot = Logger.getLogger("");
    private final Handler julHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (julRecords) {
                julRecords.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogCapture() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
        julHandler.setLevel(Level.INFO);
        julRoot.addHandler(julHandler);
    }

    /** @return everything slf4j-simple wrote while open */
    String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * @return every problem found: a slf4j-simple record that spans several lines (a line break in the message
     *         or a stack trace), output that belongs to no record, or a java.util.logging record at INFO or above
     *         that carries a throwable or a line break. Records of the embedded test container itself
     *         ({@code org.eclipse.jetty}) are not the webapp's and are left out: Jetty 12.0.16 sometimes logs a
     *         buffer-release race when a client closes mid-request (jetty/jetty.project#12939)
     */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        String text;
        synchronized (captured) {
            text = captured.toString(StandardCharsets.UTF_8);
        }
        String record = null;
        boolean reported = false;
        for (String line : text.split("\n", -1)) {
            Matcher start = RECORD_START.matcher(line);
            if (start.matches()) {
                record = start.group(2);
                reported = false;
                if (line.indexOf('\r') >= 0 && !record.startsWith("org.eclipse.jetty.")) {
                    problems.add("record of " + record + " with a carriage return: " + line);
                }
            } else if (!line.isEmpty() && (record == null || !record.startsWith("org.eclipse.jetty.")) && !reported) {
                problems.add((record == null ? "output outside any log record: " : "record of " + record
                        + " continued on another line: ") + line);
                reported = record != null;
            }
        }
        synchronized (julRecords) {
            for (LogRecord r : julRecords) {
                String message = String.valueOf(r.getMessage());
                if (r.getThrown() != null || message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
                    problems.add("java.util.logging record of " + r.getLoggerName() + ": " + message
                            + (r.getThrown() == null ? "" : " with " + r.getThrown()));
                }
            }
        }
        return problems;
    }

    @Override
    public void close() {
        julRoot.removeHandler(julHandler);
        System.setErr(original);
    }
}
