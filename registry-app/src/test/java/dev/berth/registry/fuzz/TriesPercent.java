package dev.berth.registry.fuzz;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a property, or every property of a test class, this share of {@code -Dberth.fuzz.tries}:
 * for properties whose every try costs many requests (a whole upload sequence), or a driver whose
 * every request costs a round trip to Kubo. On both, the shares multiply.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@interface TriesPercent {
    int value();
}
