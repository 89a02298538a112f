package dev.berth.registry.ipfs;

import dev.berth.storage.ipfs.node.KuboStartupException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.util.ClassUtils;

/**
 * Turns a Kubo of the registry's own that could not start into "APPLICATION FAILED TO START" with
 * what to do: install Kubo or name it, use a Kubo that runs apart, or choose another driver.
 */
class KuboStartupFailureAnalyzer implements FailureAnalyzer {
    private static final String KUBO_STARTUP_EXCEPTION = "dev.berth.storage.ipfs.node.KuboStartupException";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        // storage-ipfs is optional: without it no Kubo is started, and its classes must not be touched.
        if (!ClassUtils.isPresent(KUBO_STARTUP_EXCEPTION, getClass().getClassLoader())) {
            return null;
        }
        return Analysis.of(failure);
    }

    private static final class Analysis {
        private static final String ELSEWHERE = " To use a Kubo node that runs apart from the registry, set berth.storage.ipfs.api"
                + " to its RPC API; to store elsewhere, set berth.storage.driver=filesystem (with berth.storage.filesystem.root)"
                + " or berth.storage.driver=inmemory.";

        static FailureAnalysis of(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof KuboStartupException kubo) {
                    return new FailureAnalysis("The registry could not start its own Kubo: " + kubo.getMessage(), action(kubo), kubo);
                }
            }
            return null;
        }

        private static String action(KuboStartupException kubo) {
            return switch (kubo.reason()) {
                case BINARY_MISSING -> "Install Kubo (https://docs.ipfs.tech/install/command-line/) and put ipfs on the PATH,"
                        + " or set berth.storage.ipfs.binary to its path." + ELSEWHERE;
                case REPOSITORY_LOCKED -> "Stop the other Kubo daemon, or set berth.storage.ipfs.data-dir to a folder of this"
                        + " registry's own." + ELSEWHERE;
                case DID_NOT_START -> "Read Kubo's output above; check berth.storage.ipfs.data-dir and"
                        + " berth.storage.ipfs.swarm-addresses, or allow more time with berth.storage.ipfs.startup-timeout." + ELSEWHERE;
            };
        }
    }
}
