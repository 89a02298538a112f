package dev.berth.registry.http;

import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.repository.Catalog;
import dev.berth.registry.repository.RepositoryLocator;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.FormContentFilter;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.servlet.DispatcherServlet;
import tools.jackson.databind.ObjectMapper;

/** The HTTP side of the registry: the OCI routes and the error format, over the repository seam only. */
@Configuration(proxyBeanMethods = false)
@Import({RegistryController.class, OciErrorResponses.class})
public class RegistryHttpConfiguration {
    /** Before access control (Spring Security's filters come at -100) and Spring's own request filters. */
    static final int REQUEST_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    FilterRegistrationBean<AnyPathFilter> berthAnyPathFilter(Environment environment) {
        String errorPath = environment.getProperty("server.error.path", "/error");
        FilterRegistrationBean<AnyPathFilter> registration = new FilterRegistrationBean<>(new AnyPathFilter(errorPath));
        registration.setOrder(REQUEST_FILTER_ORDER - 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RegistryRequestFilter> berthRegistryRequestFilter(ObjectMapper json) {
        FilterRegistrationBean<RegistryRequestFilter> registration = new FilterRegistrationBean<>(new RegistryRequestFilter(json));
        registration.setOrder(REQUEST_FILTER_ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        return registration;
    }

    /**
     * Replaces Boot's form-content filter with one that leaves the registry's paths alone; an
     * application that defines its own keeps it, and should leave {@code /v2/} and {@code /berth/} out of it too.
     */
    @Bean
    @ConditionalOnMissingBean(FormContentFilter.class)
    @ConditionalOnBooleanProperty(name = "spring.mvc.formcontent.filter.enabled", matchIfMissing = true)
    RegistryFormContentFilter formContentFilter() {
        return new RegistryFormContentFilter();
    }

    /** Replaces Boot's multipart resolver with one that leaves the registry's paths alone, with the same settings. */
    @Bean(name = DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
    @ConditionalOnMissingBean(MultipartResolver.class)
    @ConditionalOnBooleanProperty(name = "spring.servlet.multipart.enabled", matchIfMissing = true)
    RegistryMultipartResolver multipartResolver(Environment environment) {
        RegistryMultipartResolver resolver = new RegistryMultipartResolver();
        resolver.setResolveLazily(environment.getProperty("spring.servlet.multipart.resolve-lazily", Boolean.class, false));
        resolver.setStrictServletCompliance(environment.getProperty("spring.servlet.multipart.strict-servlet-compliance", Boolean.class, false));
        return resolver;
    }

    /** On Tomcat, its own error answers on the registry's paths are in the spec's format too. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.apache.catalina.valves.ErrorReportValve", "org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory"})
    static class Tomcat {
        @Bean
        TomcatErrorReports berthTomcatErrorReports() {
            return new TomcatErrorReports();
        }
    }

    @Bean
    BlobEndpoints blobEndpoints(RepositoryLocator repositories, RegistryMetrics metrics) {
        return new BlobEndpoints(repositories, metrics);
    }

    @Bean
    UploadEndpoints uploadEndpoints(RepositoryLocator repositories, RegistryMetrics metrics) {
        return new UploadEndpoints(repositories, metrics);
    }

    @Bean
    ManifestEndpoints manifestEndpoints(RepositoryLocator repositories, RegistryMetrics metrics) {
        return new ManifestEndpoints(repositories, metrics);
    }

    @Bean
    ListingEndpoints listingEndpoints(Catalog catalog, RepositoryLocator repositories, ObjectMapper json) {
        return new ListingEndpoints(catalog, repositories, json);
    }
}
