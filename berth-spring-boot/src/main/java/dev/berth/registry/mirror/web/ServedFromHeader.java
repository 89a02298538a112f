package dev.berth.registry.mirror.web;

import dev.berth.registry.mirror.ServedFrom;
import dev.berth.registry.mirror.ServedFromListener;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Says on the response being prepared where the mirror found what it serves:
 * {@code X-Berth-Mirror: hit}, {@code peer}, {@code miss}, or {@code stale; upstream-error=<how>}
 * when the upstream failed and the cache answered. Set before the body is written; an error
 * response replaces it. Outside a request (a pre-fetch) it does nothing.
 */
public final class ServedFromHeader implements ServedFromListener {
    public static final String HEADER = "X-Berth-Mirror";

    @Override
    public void served(ServedFrom from, Optional<String> upstreamError) {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (!(attributes instanceof ServletRequestAttributes servlet)) {
            return;
        }
        HttpServletResponse response = servlet.getResponse();
        if (response != null && !response.isCommitted()) {
            response.setHeader(HEADER, from.header() + upstreamError.map(error -> "; upstream-error=" + error).orElse(""));
        }
    }
}
