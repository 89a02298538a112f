package dev.berth.registry.fuzz;

import org.junit.jupiter.api.Test;

/**
 * Requests that made the registry fail before this suite existed, or that it found, kept as examples so that they
 * run on every driver whatever the generators draw.
 */
interface KnownBadRequests extends FuzzTarget {

    @Test
    default void aMalformedEscapeInTheTagListsNIsAClientError() {
        Exchange exchange = send(Request.of("GET", "/v2/" + Seed.REPOSITORY + "/tags/list?n=%zz"));
        expect(exchange.status() == 400 && Invariants.errorCode(exchange).orElse("").equals("PAGINATION_NUMBER_INVALID"), exchange,
                "n=%zz answered " + exchange.status());
    }

    @Test
    default void aSchemaVersionPastTheIntRangeIsNotReadAsTwo() {
        refused(ManifestCases.ociImage("").replace("\"schemaVersion\":2", "\"schemaVersion\":4294967298"), Seed.OCI_MANIFEST);
    }

    @Test
    default void aDescriptorSizePastTheLongRangeIsRefused() {
        refused(ManifestCases.ociImage("").replace("\"size\":" + Seed.LAYER.length, "\"size\":99999999999999999999"), Seed.OCI_MANIFEST);
    }

    @Test
    default void aManifestPushedAsHtmlIsNeverServedAsHtml() {
        String manifest = ManifestCases.ociImage("").replace("\"mediaType\":\"" + Seed.OCI_MANIFEST + "\",", "");
        String digest = Digests.sha256(manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Exchange pushed = send(Request.of("PUT", "/v2/" + Seed.MANIFESTS + "/manifests/" + digest).header("Content-Type", "text/html").body(manifest));
        // Refused, or else served under a Content-Type the registry vouches for (which every response is checked for).
        Exchange served = send(Request.of("GET", "/v2/" + Seed.MANIFESTS + "/manifests/" + digest));
        expect(pushed.status() == 201 ? served.status() == 200 : served.status() == 404, served, "a refused manifest is visible");
    }

    @Test
    default void whatAHandlerFindsUnreadableIsA400WhateverThePath() {
        Exchange range = send(Request.of("HEAD", "/v2/" + Seed.REPOSITORY + "/blobs/" + Seed.LAYER_DIGEST).header("Range", "\u65e5\u672c"));
        expect(range.status() == 400, range, "a Range the firewall refuses answered " + range.status());
        Exchange actuator = send(Request.of("GET", "/actuator/health?from=%ED%A0%80"));
        expect(actuator.status() == 400, actuator, "a query that is not UTF-8 answered " + actuator.status());
        Exchange page = send(Request.of("GET", "/?%C3%28"));
        expect(page.status() == 400, page, "a page's query that is not UTF-8 answered " + page.status());
        Exchange wildcard = send(Request.of("GET", "/actuator/health").header("Content-Type", "*/*"));
        expect(wildcard.status() == 400, wildcard, "a Content-Type of */* answered " + wildcard.status());
        Exchange form = send(Request.of("PUT", "/v1/").header("Content-Type", "application/x-www-form-urlencoded").body("a=%zz"));
        expect(form.status() == 400, form, "a form body that does not decode answered " + form.status());
    }

    @Test
    default void theErrorPageAskedForStraightIsNotFound() {
        for (String method : new String[] {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}) {
            Exchange exchange = send(Request.of(method, "/error?x=1").body(new byte[0]));
            expect(exchange.status() == 404, exchange, method + " /error answered " + exchange.status());
        }
    }

    private void refused(String manifest, String mediaType) {
        String digest = Digests.sha256(manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Exchange pushed = send(Request.of("PUT", "/v2/" + Seed.MANIFESTS + "/manifests/" + digest).header("Content-Type", mediaType).body(manifest));
        expect(pushed.status() == 400 && Invariants.errorCode(pushed).orElse("").equals("MANIFEST_INVALID"), pushed,
                "an invalid manifest answered " + pushed.status());
        Exchange served = send(Request.of("HEAD", "/v2/" + Seed.MANIFESTS + "/manifests/" + digest));
        expect(served.status() == 404, served, "a refused manifest is visible");
    }
}
