package dev.cdcready.clickpipes.safety.searchpath;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * Records the session's search_path at the moment a statement containing one of the given fragments is sent, read
 * on the same connection just before: what the bundle's migrations and callback see while Flyway runs them.
 */
final class SearchPathProbe {

    private final List<String> fragments;
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    SearchPathProbe(List<String> fragments) {
        this.fragments = List.copyOf(fragments);
    }

    /** @return "fragment -> search_path" for every statement seen */
    List<String> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    DataSource wrap(DataSource dataSource) {
        return proxy(DataSource.class, dataSource, (method, args) -> {
            Object result = call(dataSource, method, args);
            return result instanceof Connection connection ? wrap(connection) : result;
        });
    }

    private Connection wrap(Connection connection) {
        return proxy(Connection.class, connection, (method, args) -> {
            if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                record(connection, sql);
            }
            Object result = call(connection, method, args);
            if (method.getName().equals("createStatement") && result instanceof Statement statement) {
                return proxy(Statement.class, statement, (m, a) -> {
                    if (m.getName().startsWith("execute") && a != null && a.length > 0 && a[0] instanceof String s) {
                        record(connection, s);
                    }
                    return call(statement, m, a);
                });
            }
            return result;
        });
    }

    private void record(Connection connection, String sql) throws SQLException {
        for (String fragment : fragments) {
            if (sql.contains(fragment)) {
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT pg_catalog.current_setting('search_path')")) {
                    rs.next();
                    seen.add(fragment + " -> " + rs.getString(1));
                }
            }
        }
    }

    private interface Handler {
        Object handle(Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Handler handler) {
        return type.cast(Proxy.newProxyInstance(SearchPathProbe.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")
                        ? call(target, method, args) : handler.handle(method, args)));
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
