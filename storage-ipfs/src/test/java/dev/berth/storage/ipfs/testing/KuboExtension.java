package dev.berth.storage.ipfs.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link KuboNode} for a test class and stops it after the last test. Either register it
 * in a static field and call {@link #node()}:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KuboExtension KUBO = new KuboExtension();
 * }</pre>
 *
 * or use {@code @ExtendWith(KuboExtension.class)} and take a {@code KuboNode} parameter.
 */
public final class KuboExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private KuboNode node;

    /** The running node; valid from {@code @BeforeAll} on. */
    public KuboNode node() {
        if (node == null) {
            throw new IllegalStateException("the Kubo node starts before all tests; register the extension statically");
        }
        return node;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        node = KuboNode.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (node != null) {
            node.close();
            node = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KuboNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return node();
    }
}
