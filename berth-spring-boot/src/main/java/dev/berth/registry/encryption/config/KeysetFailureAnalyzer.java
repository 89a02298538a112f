package dev.berth.registry.encryption.config;

import dev.berth.registry.encryption.KeyEncryptionKey;
import dev.berth.registry.encryption.KeysetException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * A keyset of private repositories that cannot be used becomes "APPLICATION FAILED TO START" with
 * the file and the problem, rather than a stack of bean creation failures.
 */
class KeysetFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof KeysetException keyset) {
                return new FailureAnalysis("Private repositories cannot be read or written: " + keyset.getMessage(),
                        "Set berth.encryption.keyset to the keyset file that encrypted them (and " + KeyEncryptionKey.ENVIRONMENT_VARIABLE
                                + " when that file is encrypted), or take berth.encryption.repositories away to run without "
                                + "private repositories.", keyset);
            }
        }
        return null;
    }
}
