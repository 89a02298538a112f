package dev.berth.registry.ui;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The login form; Spring Security checks what it posts against the htpasswd users. */
@Controller
final class LoginPage {

    @GetMapping(UiPaths.LOGIN)
    String login() {
        return "berth/login";
    }
}
