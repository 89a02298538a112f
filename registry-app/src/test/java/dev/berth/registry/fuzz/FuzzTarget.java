package dev.berth.registry.fuzz;

import dev.berth.registry.fuzz.property.Gen;
import dev.berth.registry.fuzz.property.PropertyCheck;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * A registry under fuzzing, as the property interfaces see it. A property is a JUnit test that
 * runs {@link #forAll} on a generator: {@code -Dberth.fuzz.tries} tries (2000 unless set; a long
 * run sets more), scaled by the suite's {@link #triesPercent} and the property's own share.
 */
interface FuzzTarget {

    /** The running registry, seeded ({@link Seed}). */
    FuzzedRegistry registry();

    /**
     * This suite's share of {@code -Dberth.fuzz.tries}, in percent: less for a driver whose every
     * request costs a round trip to Kubo.
     */
    default int triesPercent() {
        return 100;
    }

    /** Tells {@link Findings} which property is running, for its report. */
    @BeforeEach
    default void nameTheRunningProperty(TestInfo test) {
        Findings.running(getClass().getSimpleName() + "." + test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("?"));
    }

    /** Runs the property on the suite's share of the tries (see {@link PropertyCheck}). */
    default <T> void forAll(Gen<T> inputs, Consumer<? super T> property) {
        PropertyCheck.configured(triesPercent()).forAll(inputs, property);
    }

    /** Sends a request, holding the response to the invariants. */
    default Exchange send(Request request) {
        return registry().send(request);
    }

    /**
     * Fails (or, surveying, records) when {@code holds} is false: the exchange broke the request's
     * own semantics. Not when the registry did not answer at all ({@link #registryAnswered}).
     */
    default void expect(boolean holds, Exchange exchange, String what) {
        if (!holds && registryAnswered(exchange)) {
            registry().report(exchange, Violation.of(Violation.Invariant.SEMANTICS, what, what));
        }
    }

    /**
     * Whether the registry itself answered: a success, or an error in the registry's own format. An
     * error page of the HTTP server or the framework breaks {@link Violation.Invariant#OCI_ERROR_BODY}
     * already; the checks of the request's semantics leave it to that.
     */
    static boolean registryAnswered(Exchange exchange) {
        return exchange.status() > 0 && exchange.status() < 400 || Invariants.errorCode(exchange).isPresent()
                || exchange.request().method().equals("HEAD") && exchange.header("Docker-Distribution-API-Version").isPresent();
    }

    /** A query part decoded as the form encoding reads it ({@code +} is a space), or empty when its escapes are malformed. */
    static Optional<String> decoded(String encoded) {
        try {
            return Optional.of(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
}
