package dev.berth.registry.ipfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.registry.naming.RepositoryName;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Expected values are what Kubo's {@code ipfs cid format} prints, and IPDR's README for its names. */
class CidTest {
    private static final String V0 = "QmYMg6WAuvF5i5yFmjT8KkqewZ5Ngh4U9Mp1bGfdjraFVk";
    private static final String V1 = "bafybeieu3achjmrtbaajlwftu2igtqrjtleeym7olo7ofy4smesmrkqu6m";
    /** IPDR's README: {@code ipdr convert QmYMg6... --format=docker}. */
    private static final String IPDR = "ciqjjwaeoszdgcaasxmlhjuqnhbctgwijqz64w564lrzeyjezcvbj4y";
    private static final String RAW = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

    @ParameterizedTest
    @ValueSource(strings = {V0, V1, IPDR, "zdj7WfSvTwEmPigaoHBWUQkC8gDZmGpQEUc1gDYG54JZJ99fg",
            "f0170122094d80474b233080095d8b3a69069c2299ac84c33ee5bbee2e3926124c8aa14f3",
            "BAFYBEIEU3ACHJMRTBAAJLWFTU2IGTQRJTLEEYM7OLO7OFY4SMESMRKQU6M"})
    void everyFormOfTheSameContentReadsAsOneCidv1Base32(String form) {
        assertEquals(V1, Cid.parse(form).toString());
        assertEquals(Cid.parse(V1), Cid.parse(form));
    }

    @Test
    void theCidv1Base32FormIsAValidRepositoryNameComponent() {
        assertEquals("ipfs/" + V1, new RepositoryName("ipfs/" + Cid.parse(V0)).value());
    }

    @Test
    void aCidv0InDisguiseConvertsBackToQmAndToIpdrsName() {
        assertEquals(Optional.of(V0), Cid.parse(V1).toV0());
        assertEquals(Optional.of(IPDR), Cid.parse(V0).toIpdrName());
        assertEquals(Optional.of(V0), Cid.parse(IPDR).toV0());
    }

    @Test
    void rawLeafCidsHaveNoCidv0OrIpdrForm() {
        Cid raw = Cid.parse(RAW);
        assertEquals(RAW, raw.toString());
        assertEquals(Optional.empty(), raw.toV0());
        assertEquals(Optional.empty(), raw.toIpdrName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "bafy!", "QmYMg6WAuvF5i5yFmjT8KkqewZ5Ngh4U9Mp1bGfdjraFV0",
            "bafybeieu3achjmrtbaajlwftu2igtqrjtleeym7olo7ofy4smesmrkqu", "ciqjjwaeoszdgcaasxmlhjuqnhbctgwij",
            "f0270122094d80474b233080095d8b3a69069c2299ac84c33ee5bbee2e3926124c8aa14f3"})
    void malformedTextIsRefusedWithAReason(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cid.parse(text));
        assertTrue(!e.getMessage().isBlank());
    }
}
