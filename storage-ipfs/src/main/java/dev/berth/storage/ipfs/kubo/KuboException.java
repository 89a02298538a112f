package dev.berth.storage.ipfs.kubo;

import java.io.IOException;

/**
 * Kubo answered a command with an error: the JSON {@code {"Message","Code","Type"}} of a failed
 * call, the {@code X-Stream-Error} trailer of a stream that failed after it started, or a reply
 * this client cannot read.
 */
public class KuboException extends IOException {
    /** Kubo's words for a missing MFS path; Kubo reports it with the generic status 500. */
    private static final String NOT_FOUND = "file does not exist";
    /** A path that goes through a file, such as {@code /a/file/x}. */
    private static final String NOT_A_DIRECTORY = "not a directory";
    /** A missing name below an immutable {@code /ipfs/<cid>} path. */
    private static final String NO_LINK = "no link named";

    private final String command;
    private final String kuboMessage;

    public KuboException(String command, String kuboMessage) {
        this(command, kuboMessage, null);
    }

    public KuboException(String command, String kuboMessage, Throwable cause) {
        super("kubo " + command + ": " + kuboMessage, cause);
        this.command = command;
        this.kuboMessage = kuboMessage;
    }

    /** The RPC command that failed, such as {@code files/stat}. */
    public String command() {
        return command;
    }

    /** Kubo's own message. */
    public String kuboMessage() {
        return kuboMessage;
    }

    /** Whether Kubo said that the MFS or {@code /ipfs/} path (or one of its parents) does not exist. */
    public boolean isPathNotFound() {
        String lower = kuboMessage.toLowerCase(java.util.Locale.ROOT);
        return lower.contains(NOT_FOUND) || lower.contains(NOT_A_DIRECTORY) || lower.contains(NO_LINK);
    }
}
