package dev.cdcready.clickpipes.testsupport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Counts the SQL statements a client sends through JDBC: every {@code execute*} call counts one, and
 * {@code executeBatch} counts each batched entry. Wraps a data source (Flyway opens its connections from it, and so
 * does the bundle's checksum) or a single connection. {@code unwrap} hands out the real driver object, so the one
 * statement pgjdbc's {@code alterUserPassword} sends is not counted (noted in BENCHMARKS.md).
 */
public final class StatementCounter {

    /** {@code -Dbench.trace=true}: print every statement with its time, to profile a run. */
    private static final boolean TRACE = Boolean.getBoolean("bench.trace");

    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final List<String> texts = Collections.synchronizedList(new ArrayList<>());

    /** @return the count so far, and starts again from zero */
    public long takeCount() {
        texts.clear();
        return statements.getAndSet(0);
    }

    /**
     * @param fragment part of a statement's text
     * @return how many statements sent since the last {@link #takeCount()} contain it (a prepared statement counts
     *         once per execution)
     */
    public long sentContaining(String fragment) {
        synchronized (texts) {
            return texts.stream().filter(text -> text.contains(fragment)).count();
        }
    }

    /** @return the connections opened through a wrapped data source so far, and starts again from zero */
    public long takeConnections() {
        return connections.getAndSet(0);
    }

    public DataSource wrap(DataSource dataSource) {
        return proxy(DataSource.class, dataSource, (target, method, args) -> {
            Object result = call(target, method, args);
            if (result instanceof Connection connection) {
                connections.incrementAndGet();
                return wrap(connection);
            }
            return result;
        });
    }

    public Connection wrap(Connection connection) {
        return proxy(Connection.class, connection, (target, method, args) -> {
            Object result = call(target, method, args);
            if (TRACE && method.getName().startsWith("prepare")) {
                System.out.println("[sql] prepare " + String.valueOf(args[0]).replaceAll("\\s+", " "));
            }
            String prepared = method.getName().startsWith("prepare") ? String.valueOf(args[0]) : null;
            if (result instanceof CallableStatement statement) {
                return counting(CallableStatement.class, statement, prepared);
            }
            if (result instanceof PreparedStatement statement) {
                return counting(PreparedStatement.class, statement, prepared);
            }
            if (result instanceof Statement statement) {
                return counting(Statement.class, statement, null);
            }
            return result;
        });
    }

    private <S extends Statement> S counting(Class<S> type, S statement, String prepared) {
        AtomicLong batched = new AtomicLong();
        return proxy(type, statement, (target, method, args) -> {
            String name = method.getName();
            if (name.equals("addBatch")) {
                batched.incrementAndGet();
            } else if (name.equals("clearBatch")) {
                batched.set(0);
            } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                statements.addAndGet(batched.getAndSet(0));
            } else if (name.startsWith("execute")) {
                statements.incrementAndGet();
                texts.add(prepared != null ? prepared
                        : args != null && args.length > 0 ? String.valueOf(args[0]) : "");
                if (TRACE) {
                    long start = System.nanoTime();
                    try {
                        return call(target, method, args);
                    } finally {
                        System.out.printf("[sql] %6.1f ms %s %s%n", (System.nanoTime() - start) / 1e6, name,
                                args != null && args.length > 0 ? String.valueOf(args[0]).replaceAll("\\s+", " ")
                                        : "(prepared)");
                    }
                }
            }
            return call(target, method, args);
        });
    }

    private interface Handler {
        Object handle(Object target, Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Handler handler) {
        InvocationHandler invocation = (proxy, method, args) -> {
            // The driver's own object for unwrap, so pgjdbc-specific calls (alterUserPassword) keep working.
            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                return call(target, method, args);
            }
            return handler.handle(target, method, args);
        };
        return type.cast(Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type},
                invocation));
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
