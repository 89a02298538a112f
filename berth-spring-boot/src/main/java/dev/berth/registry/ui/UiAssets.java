package dev.berth.registry.ui;

import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * The UI's styles, script and icon, served from the jar under {@code /ui/} (nothing comes from
 * another site). File names carry a hash of their content ({@code berth-<md5>.css}, written into the
 * pages by Thymeleaf's link expressions), so browsers keep them for a year and still see each change.
 */
@Configuration(proxyBeanMethods = false)
class UiAssets implements WebMvcConfigurer {
    static final String LOCATION = "classpath:/dev/berth/registry/ui/assets/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(UiPaths.ASSETS + "/**")
                .addResourceLocations(LOCATION)
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic())
                .resourceChain(true)
                .addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"));
    }

    /** Rewrites the pages' links to the hashed names; Boot registers the same filter when its own resource chain is on. */
    @Bean
    @ConditionalOnMissingBean
    ResourceUrlEncodingFilter resourceUrlEncodingFilter() {
        return new ResourceUrlEncodingFilter();
    }
}
