package dev.berth.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

/** The token server names its key as distribution looks it up, padded coordinates or not. */
class TokenServerKeyIdTest {

    @Test
    void theKeyIdIsTheRfc7638ThumbprintUnlessACoordinateStartsWithAZeroByte() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        boolean sawFull = false;
        boolean sawShort = false;
        for (int i = 0; i < 10_000 && !(sawFull && sawShort); i++) {
            ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
            String rfc7638 = new ECKey.Builder(Curve.P_256, key).build().computeThumbprint().toString();
            boolean shortCoordinate = key.getW().getAffineX().bitLength() <= 248 || key.getW().getAffineY().bitLength() <= 248;
            if (shortCoordinate) {
                assertNotEquals(rfc7638, TokenServer.distributionKeyId(key));
                sawShort = true;
            } else {
                assertEquals(rfc7638, TokenServer.distributionKeyId(key));
                sawFull = true;
            }
        }
        assertEquals(true, sawFull && sawShort, "both kinds of key were seen");
    }
}
