package cn.smedt.hub;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * How a {@link HubIT} class gets its node: a context customizer that puts a new {@link HubNode}'s properties (with
 * the class's {@link HubIT.Settings}) first in the context's environment, and whose identity, the group or the class,
 * is what lets Spring's context cache share one node among a group and start a clean one for any other class.
 */
public final class HubITContexts implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        HubIT hubIt = TestContextAnnotationUtils.findMergedAnnotation(testClass, HubIT.class);
        if (hubIt == null) {
            return null;
        }
        List<Method> settings = settings(testClass);
        if (!hubIt.shares().isEmpty() && !settings.isEmpty()) {
            throw new IllegalStateException(testClass.getName() + " shares the node '" + hubIt.shares()
                    + "' and has settings of its own " + settings + ": a class with settings needs a node of its own");
        }
        return new NodeCustomizer(hubIt.shares().isEmpty() ? "class " + testClass.getName() : "group " + hubIt.shares(),
                settings);
    }

    /** The {@link HubIT.Settings} methods of the class and its superclasses, superclass methods first. */
    static List<Method> settings(Class<?> testClass) {
        List<Method> methods = new ArrayList<>();
        for (Class<?> type = testClass; type != null && type != Object.class; type = type.getSuperclass()) {
            List<Method> own = new ArrayList<>();
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(HubIT.Settings.class)) {
                    if (!Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 1
                            || method.getParameterTypes()[0] != HubNode.class) {
                        throw new IllegalStateException("@HubIT.Settings " + method
                                + ": must be static and take one HubNode");
                    }
                    own.add(method);
                }
            }
            methods.addAll(0, own);
        }
        return methods;
    }

    /** Starts the node of a group, or of one class; equal for the classes of one group. */
    static final class NodeCustomizer implements ContextCustomizer {

        private final String owner;
        private final List<Method> settings;

        NodeCustomizer(String owner, List<Method> settings) {
            this.owner = owner;
            this.settings = List.copyOf(settings);
        }

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            HubNode node = HubNode.create();
            for (Method method : settings) {
                try {
                    method.setAccessible(true);
                    method.invoke(null, node);
                } catch (InvocationTargetException e) {
                    throw new IllegalStateException("@HubIT.Settings " + method + " failed", e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("@HubIT.Settings " + method + " not callable", e);
                }
            }
            Map<String, Object> props = new LinkedHashMap<>(node.properties());
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("hub test node (" + owner
                    + ")", props));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof NodeCustomizer that && owner.equals(that.owner);
        }

        @Override
        public int hashCode() {
            return Objects.hash(owner);
        }

        @Override
        public String toString() {
            return "HubIT node of " + owner;
        }
    }

    /** Closes a class's own node when the class is done; a group's node stays for the next class of the group. */
    public static final class CloseCleanNode extends AbstractTestExecutionListener {

        @Override
        public void afterTestClass(TestContext testContext) {
            HubIT hubIt = TestContextAnnotationUtils.findMergedAnnotation(testContext.getTestClass(), HubIT.class);
            if (hubIt != null && hubIt.shares().isEmpty() && testContext.hasApplicationContext()) {
                String database = testContext.getApplicationContext().getEnvironment()
                        .getProperty("spring.datasource.url");
                testContext.markApplicationContextDirty(DirtiesContext.HierarchyMode.EXHAUSTIVE);
                TestDatabase.release(database);
            }
        }

        @Override
        public int getOrder() {
            // with the other listeners that close contexts (DirtiesContextTestExecutionListener: 3000)
            return 3100;
        }
    }
}
