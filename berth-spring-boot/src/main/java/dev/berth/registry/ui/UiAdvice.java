package dev.berth.registry.ui;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.http.ErrorStatus;
import dev.berth.registry.http.MalformedRequests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every UI page gets (who is looking, how to format), and failures as a page with the status the
 * API would answer, instead of the API's JSON error. Messages shown lose any address in them: a
 * failure talking to Kubo names its RPC API, which stays in the log.
 */
@ControllerAdvice(assignableTypes = {HomePage.class, RepositoryPage.class, ImagePage.class, RemotePage.class, NodePage.class,
        DeleteAction.class, LoginPage.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
final class UiAdvice {
    private static final Logger log = LoggerFactory.getLogger(UiAdvice.class);
    private static final Pattern ADDRESSES = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^\\s,;)\\]]+|/?\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d+)?");

    /** Who is looking, for the header and for what pages offer. */
    record Viewer(String user, boolean loginOffered, boolean mayListEverything, boolean administrator) {}

    private final UiAccess access;
    private final Formats formats;
    private final String assetsVersion;

    UiAdvice(UiAccess access, Formats formats, String assetsVersion) {
        this.access = access;
        this.formats = formats;
        this.assetsVersion = assetsVersion;
    }

    @ModelAttribute
    void common(Model model, HttpServletRequest request) {
        // Forms render the CSRF token, whose first use creates the session; pages stream out, so that has
        // to happen before the response is committed, which a long page does before reaching its forms.
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            token.getToken();
        }
        model.addAttribute("fmt", formats);
        model.addAttribute("viewer", viewer());
        model.addAttribute("assets", assetsVersion);
    }

    @ExceptionHandler(RegistryException.class)
    ModelAndView registry(RegistryException e, HttpServletResponse response) {
        HttpStatus status = ErrorStatus.of(e);
        String title = switch (e.code()) {
            case NAME_UNKNOWN -> "No such repository";
            case MANIFEST_UNKNOWN -> "No such tag or manifest";
            case DENIED -> "Not allowed";
            case NAME_INVALID, MANIFEST_INVALID, DIGEST_INVALID -> "Not a valid name";
            case UNAVAILABLE -> "Storage unavailable";
            default -> "Something went wrong";
        };
        return problem(response, status, title, safeMessage(e.getMessage()));
    }

    @ExceptionHandler({UncheckedIOException.class, IOException.class})
    ModelAndView storage(Exception e, HttpServletResponse response) {
        if (MalformedRequests.isMalformedRequest(e)) {
            return malformed(response);
        }
        log.warn("A UI page could not read storage: {}", e.toString());
        return problem(response, ErrorStatus.of(ErrorCode.UNAVAILABLE), "Storage unavailable",
                "The registry's storage did not answer; try again in a moment.");
    }

    /** A query that does not decode, or a header the firewall refuses, met when a page reads it; else a failure of ours. */
    @ExceptionHandler(IllegalStateException.class)
    ModelAndView unreadable(IllegalStateException e, HttpServletResponse response) {
        if (MalformedRequests.isMalformedRequest(e)) {
            return malformed(response);
        }
        log.error("A UI page failed", e);
        return problem(response, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong", "The page could not be made.");
    }

    private ModelAndView malformed(HttpServletResponse response) {
        return problem(response, HttpStatus.BAD_REQUEST, "Bad request", "The request cannot be read as sent.");
    }

    private ModelAndView problem(HttpServletResponse response, HttpStatus status, String title, String message) {
        response.setStatus(status.value());
        ModelAndView page = new ModelAndView("berth/problem", status);
        page.addObject("status", status.value());
        page.addObject("title", title);
        page.addObject("message", message);
        page.addObject("fmt", formats);
        page.addObject("viewer", viewer());
        page.addObject("assets", assetsVersion);
        return page;
    }

    private Viewer viewer() {
        return new Viewer(access.user().orElse(null), access.loginOffered(), access.mayListEverything(), access.isAdministrator());
    }

    /** The message without URLs and IP addresses. */
    static String safeMessage(String message) {
        return message == null ? "" : ADDRESSES.matcher(message).replaceAll("…");
    }
}
