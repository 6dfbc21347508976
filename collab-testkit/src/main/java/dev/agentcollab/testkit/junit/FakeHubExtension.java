package dev.agentcollab.testkit.junit;

import dev.agentcollab.testkit.hub.FakeHfHub;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Fills {@link StartFakeHub} fields. Each hub is put into the {@link ExtensionContext.Store} of the class (static
 * fields) or the test (instance fields), which closes {@link AutoCloseable} values when that context ends
 * (Jupiter 5.13 and later), so the port is always freed.
 */
public final class FakeHubExtension implements BeforeAllCallback, BeforeEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(FakeHubExtension.class);

    /** Creates the extension (JUnit does this through {@link StartFakeHub}). */
    public FakeHubExtension() {}

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        for (Field f : fields(context.getRequiredTestClass())) {
            if (Modifier.isStatic(f.getModifiers())) {
                inject(context, f, null);
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field f : fields(instance.getClass())) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    inject(context, f, instance);
                }
            }
        }
    }

    private static java.util.List<Field> fields(Class<?> type) {
        return AnnotationSupport.findAnnotatedFields(
                type, StartFakeHub.class, f -> true, HierarchyTraversalMode.TOP_DOWN);
    }

    private static void inject(ExtensionContext context, Field field, Object target) throws IllegalAccessException {
        if (!field.getType().isAssignableFrom(FakeHfHub.class)) {
            throw new ExtensionConfigurationException("@StartFakeHub field " + field.getName()
                    + " must be of type FakeHfHub, but is " + field.getType().getName());
        }
        String key = field.getDeclaringClass().getName() + "#" + field.getName();
        FakeHfHub hub = FakeHfHub.start();
        context.getStore(NAMESPACE).put(key, hub);
        hub.treePageSize(field.getAnnotation(StartFakeHub.class).treePageSize());
        field.setAccessible(true);
        field.set(target, hub);
    }
}
