package dev.berth.registry.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * A manifest push: the document, the Content-Type it goes with, and what the registry must do
 * with it.
 *
 * @param shape what the generator made, for reports
 * @param contentType the request's Content-Type, or null for none
 * @param document the bytes pushed
 * @param expected whether the registry must take it, must refuse it, or may do either
 */
record ManifestCase(String shape, String contentType, byte[] document, Expected expected) {

    enum Expected {
        /** A valid manifest naming content the repository holds: 201. */
        ACCEPT,
        /** Invalid by the spec, or ambiguous to parsers: a 4xx, and nothing stored. */
        REFUSE,
        /** Within what a registry may decide, such as a limit on nesting. */
        EITHER
    }

    static ManifestCase of(String shape, String contentType, String document, Expected expected) {
        return new ManifestCase(shape, contentType, document.getBytes(StandardCharsets.UTF_8), expected);
    }

    @Override
    public String toString() {
        return shape + " (" + expected + ", Content-Type " + contentType + ", " + document.length + " bytes): "
                + Snippets.visible(new String(document, 0, Math.min(200, document.length), StandardCharsets.UTF_8), 200);
    }
}
