package dev.berth.registry.ui;

import dev.berth.registry.security.AuthProperties;
import dev.berth.registry.security.Htpasswd;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The UI's own security filter chain, over the UI's paths only, so the API's chains
 * ({@code /v2/**}, {@code /berth/**}) and an embedding application's are left as they are. With
 * access control on, people log in with a form against the same htpasswd users, into a session;
 * without anonymous pull every page but the login asks for it. What each page shows is then decided
 * by the API's rules ({@link UiAccess}). State-changing forms carry a CSRF token, whatever the mode.
 * Pages load nothing from elsewhere, which the Content-Security-Policy holds them to.
 */
@Configuration(proxyBeanMethods = false)
class UiSecurity {
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 110)
    SecurityFilterChain berthUiFilterChain(HttpSecurity http, AuthProperties auth) throws Exception {
        http.securityMatcher(UiPaths.ALL.toArray(String[]::new))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        if (auth.mode() == AuthProperties.Mode.NONE) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .formLogin(form -> form.disable())
                    .logout(logout -> logout.disable())
                    .build();
        }
        return http.authenticationManager(htpasswdUsers(auth))
                .formLogin(form -> form.loginPage(UiPaths.LOGIN).defaultSuccessUrl(UiPaths.HOME).permitAll())
                .logout(logout -> logout.logoutUrl(UiPaths.LOGOUT).logoutSuccessUrl(UiPaths.LOGIN + "?logout"))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(UiPaths.LOGIN, UiPaths.ASSETS + "/**").permitAll();
                    if (auth.anonymousPull()) {
                        requests.anyRequest().permitAll();
                    } else {
                        requests.anyRequest().authenticated();
                    }
                })
                .build();
    }

    /** The htpasswd users, checked by bcrypt, as the API checks them; not a bean, so an application's own users are left alone. */
    private static AuthenticationManager htpasswdUsers(AuthProperties auth) {
        Htpasswd users = Htpasswd.read(auth.htpasswd());
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(name -> users.hashOf(name)
                .map(hash -> User.withUsername(name).password(hash).build())
                .orElseThrow(() -> new UsernameNotFoundException("no user " + name)));
        provider.setPasswordEncoder(new BCryptPasswordEncoder());
        return new ProviderManager(provider);
    }
}
