package dev.berth.registry.fuzz.property;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Generated inputs as a failure report shows them: records by their components, strings quoted
 * with control characters made visible, bytes as the text they would read as, all cut short.
 */
final class Inputs {
    private static final int MAX_CHARACTERS = 300;
    private static final int MAX_ELEMENTS = 20;

    private Inputs() {
    }

    static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String text -> '"' + visible(text) + '"';
            case byte[] bytes -> "[" + bytes.length + " bytes] " + visible(new String(bytes, 0, Math.min(bytes.length, MAX_CHARACTERS), UTF_8));
            case Collection<?> elements -> elements.stream().limit(MAX_ELEMENTS).map(Inputs::describe)
                    .collect(Collectors.joining(", ", "[", elements.size() > MAX_ELEMENTS ? ", … (" + elements.size() + ")]" : "]"));
            case Map.Entry<?, ?> entry -> describe(entry.getKey()) + ": " + describe(entry.getValue());
            case Record record -> Arrays.stream(record.getClass().getRecordComponents())
                    .map(component -> component.getName() + "=" + describe(valueOf(component, record)))
                    .collect(Collectors.joining(", ", record.getClass().getSimpleName() + "[", "]"));
            default -> visible(String.valueOf(value));
        };
    }

    private static Object valueOf(RecordComponent component, Record record) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            return "(" + e + ")";
        }
    }

    /** Control characters as {@code \xNN}; cut after {@value #MAX_CHARACTERS} code points. */
    static String visible(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(MAX_CHARACTERS).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        int length = text.codePointCount(0, text.length());
        return length > MAX_CHARACTERS ? out.append("…(").append(length).append(" code points)").toString() : out.toString();
    }
}
