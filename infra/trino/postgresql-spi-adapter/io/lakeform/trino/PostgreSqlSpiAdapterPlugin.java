/*
 * Why this file exists: Trino 476's PostgreSQL connector (io.trino:trino-postgresql:476) is not on
 * the Maven mirror the local stack can reach; the newest build there is 449. Between SPI 449 and 476
 * three write entry points changed signature, so the 449 connector loads and reads on 476 but refuses
 * CREATE TABLE / CREATE TABLE AS / ADD COLUMN ("This connector does not support creating tables"):
 *   476: createTable(session, metadata, SaveMode)            449: createTable(session, metadata, boolean ignoreExisting)
 *   476: beginCreateTable(session, metadata, layout, retry, boolean replace)
 *                                                            449: beginCreateTable(session, metadata, layout, retry)
 *   476: addColumn(session, table, column, ColumnPosition)   449: addColumn(session, table, column)
 * This plugin registers the 449 connector under its own name ("postgresql") and forwards those three
 * calls to the 449 methods; every other call goes to the connector unchanged. REPLACE is refused as
 * the real 476 PostgreSQL connector refuses it (it does not support CREATE OR REPLACE TABLE).
 * Used by `lakeform stack` only; docker-compose.yml runs the official trinodb/trino:476 image, whose
 * PostgreSQL connector needs no adapter.
 */
package io.lakeform.trino;

import io.trino.spi.Plugin;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ColumnPosition;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorContext;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.SaveMode;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;

public final class PostgreSqlSpiAdapterPlugin implements Plugin
{
    @Override
    public Iterable<ConnectorFactory> getConnectorFactories()
    {
        Plugin original;
        try {
            original = (Plugin) Class.forName("io.trino.plugin.postgresql.PostgreSqlPlugin", true, getClass().getClassLoader()).getConstructor().newInstance();
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the PostgreSQL connector is missing from this plugin directory", e);
        }
        List<ConnectorFactory> factories = new ArrayList<>();
        for (ConnectorFactory factory : original.getConnectorFactories()) {
            factories.add(new ConnectorFactory()
            {
                @Override
                public String getName()
                {
                    return factory.getName();
                }

                @Override
                public Connector create(String catalogName, Map<String, String> config, ConnectorContext context)
                {
                    Connector connector = factory.create(catalogName, config, context);
                    return proxy(Connector.class, connector, (method, args) -> {
                        Object result = forward(method, connector, args);
                        return method.getName().equals("getMetadata") ? adaptMetadata((ConnectorMetadata) result) : result;
                    });
                }
            });
        }
        return factories;
    }

    private static ConnectorMetadata adaptMetadata(ConnectorMetadata metadata)
    {
        return proxy(ConnectorMetadata.class, metadata, (method, args) -> {
            Class<?>[] types = method.getParameterTypes();
            if (method.getName().equals("createTable") && types.length == 3 && types[2] == SaveMode.class) {
                SaveMode mode = (SaveMode) args[2];
                if (mode == SaveMode.REPLACE) {
                    throw new TrinoException(NOT_SUPPORTED, "This connector does not support replacing tables");
                }
                return call(metadata, "createTable", new Class<?>[] {ConnectorSession.class, ConnectorTableMetadata.class, boolean.class},
                        args[0], args[1], mode == SaveMode.IGNORE);
            }
            if (method.getName().equals("beginCreateTable") && types.length == 5) {
                if ((Boolean) args[4]) {
                    throw new TrinoException(NOT_SUPPORTED, "This connector does not support replacing tables");
                }
                return call(metadata, "beginCreateTable", new Class<?>[] {types[0], types[1], types[2], types[3]}, args[0], args[1], args[2], args[3]);
            }
            if (method.getName().equals("addColumn") && types.length == 4 && types[3] == ColumnPosition.class) {
                if (!(args[3] instanceof ColumnPosition.Last)) {
                    throw new TrinoException(NOT_SUPPORTED, "This connector does not support adding columns at a position");
                }
                return call(metadata, "addColumn", new Class<?>[] {types[0], types[1], types[2]}, args[0], args[1], args[2]);
            }
            return forward(method, metadata, args);
        });
    }

    private interface Handler
    {
        Object handle(Method method, Object[] args)
                throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Handler handler)
    {
        InvocationHandler invocation = (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> "adapted " + target;
                };
            }
            return handler.handle(method, args);
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, invocation);
    }

    private static Object forward(Method method, Object target, Object[] args)
            throws Throwable
    {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Calls a 449 method on the connector's own metadata. The connector hands out its metadata
     * wrapped in the 449 toolkit's ClassLoaderSafeConnectorMetadata, whose bytecode calls the old
     * signature through the 476 interface (NoSuchMethodError), so the wrapper is looked through:
     * its `delegate` is called directly, with the plugin's class loader as the thread's, as the
     * wrapper would.
     */
    private static Object call(Object target, String name, Class<?>[] types, Object... args)
            throws Throwable
    {
        Object receiver = target;
        while (true) {
            Field delegate = delegateField(receiver.getClass());
            if (delegate == null) {
                break;
            }
            delegate.setAccessible(true);
            receiver = delegate.get(receiver);
        }
        Method method = receiver.getClass().getMethod(name, types);
        method.setAccessible(true);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(receiver.getClass().getClassLoader());
        try {
            return forward(method, receiver, args);
        }
        finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Field delegateField(Class<?> type)
    {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getName().equals("delegate") && ConnectorMetadata.class.isAssignableFrom(field.getType())) {
                    return field;
                }
            }
        }
        return null;
    }
}
