package dev.berth.registry.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.Fact;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.http.ErrorDocuments;
import dev.berth.registry.http.RegistryPaths;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.ObjectMapper;

/**
 * Access control for the registry's own paths ({@code /v2/**}, {@code /berth/**}) as set by
 * {@code berth.auth.*}. Its filter chains match only those paths, so an application embedding
 * Berth keeps its own chains for everything else, actuator endpoints included. It runs before
 * Boot's security auto-configuration so that Boot's default chain (which would lock every path
 * behind a generated password) steps back. Boot's generated user is not made either, since the
 * OAuth2 resource server classes are on the classpath.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class, JwtEncoder.class, BearerTokenAuthenticationFilter.class})
@EnableConfigurationProperties(AuthProperties.class)
public class RegistrySecurityAutoConfiguration {
    private static final String[] REGISTRY_PATHS = RegistryPaths.PATTERNS.toArray(String[]::new);
    /** Tokens a few seconds past their expiry are still taken, for clocks that differ a little. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 101)
    SecurityFilterChain berthRegistryFilterChain(HttpSecurity http, AuthProperties auth, ObjectMapper json,
                                                 ObjectProvider<TokenSigning> signing) throws Exception {
        stateless(http.securityMatcher(REGISTRY_PATHS));
        if (auth.mode() == AuthProperties.Mode.NONE) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
        AccessCheck check = new AccessCheck(policy(auth));
        Challenges challenges = auth.mode() == AuthProperties.Mode.BASIC ? Challenges.basic(check, json)
                : Challenges.bearer(auth.token(), check, json);
        AuthorizationManager<RequestAuthorizationContext> rules = (authentication, context) ->
                new AuthorizationDecision(check.check(authentication.get(), context.getRequest()) == AccessCheck.Verdict.GRANTED);
        http.authorizeHttpRequests(requests -> requests.anyRequest().access(rules))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(challenges).accessDeniedHandler(challenges))
                .addFilterAfter(new MountWithoutSourceFilter(), AuthorizationFilter.class);
        if (auth.mode() == AuthProperties.Mode.BASIC) {
            http.authenticationManager(htpasswdUsers(auth))
                    .httpBasic(basic -> basic.authenticationEntryPoint(challenges));
        } else {
            http.oauth2ResourceServer(tokens -> tokens.authenticationEntryPoint(challenges).accessDeniedHandler(challenges)
                    .jwt(jwt -> jwt.decoder(signing.getObject().decoder())));
        }
        return http.build();
    }

    /**
     * Spring Security's firewall refuses some requests before any chain ({@code //}, {@code ;},
     * {@code ..} in the path): on the registry's paths the refusal is in the spec's format; elsewhere
     * it is Spring's own 400.
     */
    @Bean
    @ConditionalOnMissingBean(RequestRejectedHandler.class)
    RequestRejectedHandler berthRequestRejectedHandler(ObjectMapper json) {
        RequestRejectedHandler spring = new HttpStatusRequestRejectedHandler();
        return (request, response, rejected) -> {
            if (!RegistryPaths.contains(request)) {
                spring.handle(request, response, rejected);
                return;
            }
            ErrorDocuments.write(request, response, RegistryException.of(ErrorCode.UNSUPPORTED,
                    "the request path cannot be taken as sent").with(new Fact.Malformed()), json);
        };
    }

    private static HttpSecurity stateless(HttpSecurity http) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .headers(headers -> headers.cacheControl(cache -> cache.disable())); // blobs are immutable
    }

    private static AccessPolicy policy(AuthProperties auth) {
        return new AccessPolicy(auth.rules(), auth.anonymousPull());
    }

    /** The htpasswd users, checked by bcrypt; not a bean, so that an application's own users are left alone. */
    static AuthenticationManager htpasswdUsers(AuthProperties auth) {
        Htpasswd users = Htpasswd.read(auth.htpasswd());
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(name -> users.hashOf(name)
                .map(hash -> User.withUsername(name).password(hash).build())
                .orElseThrow(() -> new UsernameNotFoundException("no user " + name)));
        provider.setPasswordEncoder(new BCryptPasswordEncoder());
        return new ProviderManager(provider);
    }

    /** Token authentication: the signing key, the token endpoint and its basic-auth chain. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "berth.auth.mode", havingValue = "token")
    @Import(TokenController.class)
    static class Tokens {
        private static final Logger log = LoggerFactory.getLogger(Tokens.class);

        @Bean
        TokenSigning berthTokenSigning(AuthProperties auth) {
            byte[] secret;
            if (auth.token().secret() != null) {
                secret = auth.token().secret().getBytes(StandardCharsets.UTF_8);
            } else {
                secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                log.info("berth.auth.token.secret is not set: tokens are signed with a key generated now, valid until the registry stops");
            }
            return TokenSigning.of(new SecretKeySpec(secret, "HmacSHA256"), auth.token().service());
        }

        @Bean
        TokenIssuer berthTokenIssuer(TokenSigning signing, AuthProperties auth) {
            return new TokenIssuer(signing.encoder(), policy(auth), auth.token(), Clock.systemUTC());
        }

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE + 100)
        SecurityFilterChain berthTokenFilterChain(HttpSecurity http, AuthProperties auth, ObjectMapper json) throws Exception {
            Challenges challenges = Challenges.basic(new AccessCheck(policy(auth)), json);
            return stateless(http.securityMatcher(Challenges.TOKEN_PATH))
                    .authenticationManager(htpasswdUsers(auth))
                    .httpBasic(basic -> basic.authenticationEntryPoint(challenges))
                    .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .build();
        }
    }

    /** The HMAC key's encoder and the decoder that checks signature, expiry, issuer and audience. */
    record TokenSigning(JwtEncoder encoder, JwtDecoder decoder) {
        static TokenSigning of(SecretKey key, String service) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
            List<OAuth2TokenValidator<Jwt>> validators = List.of(new JwtTimestampValidator(CLOCK_SKEW), new JwtIssuerValidator(service),
                    new JwtClaimValidator<List<String>>("aud", audience -> audience != null && audience.contains(service)));
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
            return new TokenSigning(new NimbusJwtEncoder(new ImmutableSecret<>(key)), decoder);
        }
    }
}
