package io.github.servletauth.servlet.testing;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Mixed traffic from many client threads against one or more instances: register, login, refresh,
 * validate, a request through the {@code JwtFilter}, logout. Each thread works only with its own accounts
 * and sessions, so every answer has one right status; anything else is counted as unexpected. It remembers
 * which registrations were acknowledged (201) and which were not, for the checks that follow a run.
 */
public final class LoadRun implements AutoCloseable {

    /** Relative weights of the operations; hashing ones (register, login) cost ~0.1 s of CPU each. */
    public record Mix(int register, int login, int refresh, int validate, int api, int logout) {
        public static final Mix REALISTIC = new Mix(2, 3, 25, 35, 25, 10);
        public static final Mix WRITERS = new Mix(5, 0, 85, 0, 0, 10);

        public int total() {
            return register + login + refresh + validate + api + logout;
        }
    }

    private record Session(String username, String access, String refresh) {
    }

    private final ApiClient client = new ApiClient();
    private final List<URI> nodes;
    private final String prefix;
    private final Mix mix;
    private final Set<Integer> alsoAllowed;
    private final boolean transportErrorsAllowed;
    private final ExecutorService workers;
    private final List<Future<?>> running = new ArrayList<>();
    private volatile boolean stopping;

    public final LoadStats stats = new LoadStats();
    /** Usernames whose register answered 201. */
    public final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    /** Usernames whose register was sent but not acknowledged (503, transport failure): outcome unknown. */
    public final Set<String> unacknowledged = ConcurrentHashMap.newKeySet();
    /** Acknowledged usernames that have since logged in successfully. */
    public final Set<String> loggedIn = ConcurrentHashMap.newKeySet();

    /**
     * @param nodes base URIs of the instances; each operation picks one at random
     * @param prefix of the usernames this run registers
     * @param alsoAllowed statuses accepted besides each operation's success (e.g. 503 during a fault)
     * @param transportErrorsAllowed whether a failed connection is accepted (a server being killed)
     */
    public LoadRun(List<URI> nodes, String prefix, Mix mix, int threads, Set<Integer> alsoAllowed,
            boolean transportErrorsAllowed) {
        this.nodes = List.copyOf(nodes);
        this.prefix = prefix;
        this.mix = mix;
        this.alsoAllowed = Set.copyOf(alsoAllowed);
        this.transportErrorsAllowed = transportErrorsAllowed;
        this.workers = Executors.newFixedThreadPool(threads, r -> new Thread(r, "load-client"));
        for (int i = 0; i < threads; i++) {
            int index = i;
            running.add(workers.submit(() -> work(index)));
        }
    }

    /** Stops the clients after their current request and waits for them. */
    public void stop() throws Exception {
        stopping = true;
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        workers.shutdown();
        if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new AssertionError("load clients did not stop");
        }
    }

    @Override
    public void close() throws Exception {
        if (!stopping) {
            stop();
        }
    }

    private void work(int index) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<String> accounts = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        int registered = 0;
        while (!stopping) {
            URI node = nodes.get(random.nextInt(nodes.size()));
            int pick = random.nextInt(mix.total());
            try {
                if (accounts.isEmpty() || (pick -= mix.register()) < 0) {
                    String username = prefix + "-" + index + "-" + registered++;
                    register(node, username, accounts, sessions);
                } else if (sessions.isEmpty() || (pick -= mix.login()) < 0) {
                    login(node, accounts.get(random.nextInt(accounts.size())), sessions);
                } else {
                    int s = random.nextInt(sessions.size());
                    Session session = sessions.get(s);
                    if ((pick -= mix.refresh()) < 0) {
                        // after any failure the rotation may or may not have happened: drop the session
                        sessions.remove(s);
                        long t0 = System.nanoTime();
                        ApiClient.Reply r = call("refresh", t0, () -> client.refresh(node, session.refresh()));
                        if (record("refresh", r, t0, 200)) {
                            sessions.add(new Session(session.username(), r.string("token"), r.string("refresh_token")));
                        }
                    } else if ((pick -= mix.validate()) < 0) {
                        long t0 = System.nanoTime();
                        ApiClient.Reply r = call("validate", t0, () -> client.validate(node, session.access()));
                        record("validate", r, t0, 200);
                    } else if ((pick -= mix.api()) < 0) {
                        long t0 = System.nanoTime();
                        record("api", call("api", t0, () -> client.api(node, session.access())), t0, 200);
                    } else {
                        long t0 = System.nanoTime();
                        sessions.remove(s);
                        record("logout", call("logout", t0,
                                () -> client.logout(node, session.access(), session.refresh())), t0, 204);
                    }
                }
            } catch (IOException e) {
                // recorded by the operation itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void register(URI node, String username, List<String> accounts, List<Session> sessions)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        ApiClient.Reply r;
        try {
            r = client.register(node, username);
        } catch (IOException e) {
            unacknowledged.add(username);
            transportError("register", t0, e);
            throw e;
        }
        if (record("register", r, t0, 201)) {
            acknowledged.add(username);
            accounts.add(username);
            sessions.add(new Session(username, r.string("token"), r.string("refresh_token")));
        } else {
            unacknowledged.add(username);
        }
    }

    private void login(URI node, String username, List<Session> sessions) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        ApiClient.Reply r = call("login", t0, () -> client.login(node, username));
        if (record("login", r, t0, 200)) {
            loggedIn.add(username);
            if (sessions.size() >= 4) {
                sessions.remove(0); // abandoned, as clients do: it stays valid until it expires
            }
            sessions.add(new Session(username, r.string("token"), r.string("refresh_token")));
        }
    }

    @FunctionalInterface
    private interface Call {
        ApiClient.Reply run() throws IOException, InterruptedException;
    }

    private ApiClient.Reply call(String op, long t0, Call call) throws IOException, InterruptedException {
        try {
            return call.run();
        } catch (IOException e) {
            transportError(op, t0, e);
            throw e;
        }
    }

    private void transportError(String op, long t0, IOException e) {
        stats.record(op, LoadStats.TRANSPORT_ERROR, millisSince(t0), transportErrorsAllowed, e.toString());
    }

    /** @return whether the answer was the success status */
    private boolean record(String op, ApiClient.Reply r, long t0, int success) {
        boolean ok = r.status() == success;
        boolean expected = ok || alsoAllowed.contains(r.status()) && (r.status() != 503 || r.retryAfter() != null);
        stats.record(op, r.status(), millisSince(t0), expected, r.body());
        return ok;
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /**
     * Logs in as a well-behaved client does: a 503 with {@code Retry-After} (hashing saturated on a busy machine,
     * the documented overload answer) is retried after the given time, a few times, before the answer counts.
     *
     * @return the status of the last attempt
     */
    private static int loginHonouringRetryAfter(ApiClient client, URI node, String username) throws Exception {
        ApiClient.Reply r = client.login(node, username);
        for (int attempt = 1; attempt < 5 && r.status() == 503 && r.retryAfter() != null; attempt++) {
            TimeUnit.SECONDS.sleep(Math.min(10, Long.parseLong(r.retryAfter())));
            r = client.login(node, username);
        }
        return r.status();
    }

    /**
     * Logs every given account in, from a few threads, on {@code node}, retrying after a 503 with
     * {@code Retry-After} as a client should.
     *
     * @return the usernames that could not log in, with the status they got
     */
    public static Map<String, Integer> loginAll(URI node, Collection<String> usernames) throws Exception {
        ApiClient client = new ApiClient();
        Map<String, Integer> failed = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (String username : usernames) {
                calls.add(pool.submit(() -> {
                    int status = loginHonouringRetryAfter(client, node, username);
                    if (status != 200) {
                        failed.put(username, status);
                    }
                    return null;
                }));
            }
            for (Future<?> f : calls) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return failed;
    }
}
