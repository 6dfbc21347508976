package dev.agentcollab.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a {@link dev.agentcollab.testkit.hub.FakeHfHub} field that JUnit fills with a fake Hub started on a free
 * loopback port and closes after use: a static field holds one hub for the whole class, an instance field a fresh
 * hub per test.
 *
 * <pre>{@code
 * @StartFakeHub FakeHfHub hub;
 *
 * @Test void listsFiles() {
 *     hub.addUser("ana", "hf_ana", Map.of("my-org", "write"));
 *     var client = HfHubClient.builder().endpoint(hub.endpoint()).token("hf_ana").build();
 *     ...
 * }
 * }</pre>
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(FakeHubExtension.class)
public @interface StartFakeHub {
    /**
     * How many items one tree page holds.
     *
     * @return the page size, at least 1
     */
    int treePageSize() default 1000;
}
