package io.sessionkeeper.adapter.persistence;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import javax.sql.DataSource;

/** A data source that adds every SQL text prepared on its connections to a list: which statements a unit ran. */
final class RecordingDataSource {
    private RecordingDataSource() {}

    static DataSource recording(DataSource target, List<String> statements) {
        return proxy(DataSource.class, target, (method, args, result) -> {
            if (method.getName().equals("getConnection")) {
                return proxy(Connection.class, (Connection) result, (m, a, r) -> {
                    if (m.getName().equals("prepareStatement") && a != null && a[0] instanceof String sql) {
                        statements.add(sql);
                    }
                    return r;
                });
            }
            return result;
        });
    }

    private interface After {
        Object apply(Method method, Object[] args, Object result);
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            try {
                return after.apply(method, args, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
