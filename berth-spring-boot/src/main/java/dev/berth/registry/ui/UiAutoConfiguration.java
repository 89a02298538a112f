package dev.berth.registry.ui;

import dev.berth.registry.ipfs.KuboConnectionDetails;
import dev.berth.registry.ipfs.publish.ImageTrees;
import dev.berth.registry.ipfs.publish.IpnsPublisher;
import dev.berth.registry.ipfs.publish.PublishedRoot;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.repository.Catalog;
import dev.berth.registry.repository.RepositoryLocator;
import dev.berth.registry.security.AuthProperties;
import dev.berth.storage.ipfs.kubo.KuboClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import tools.jackson.databind.ObjectMapper;

/**
 * The web UI at {@code /} ({@code berth.ui.*}, on unless {@code berth.ui.enabled=false}):
 * server-rendered pages (Thymeleaf) over the repository seam only, with its own security filter
 * chain ({@link UiSecurity}). It needs Spring Security for its logins and CSRF protection, which the
 * starter brings; without it, or without Thymeleaf, there is no UI.
 */
@AutoConfiguration(afterName = {"dev.berth.registry.config.RegistryAutoConfiguration", "dev.berth.registry.config.GcAutoConfiguration",
        "dev.berth.registry.ipfs.IpfsAutoConfiguration", "dev.berth.registry.ipfs.publish.PublishAutoConfiguration",
        "dev.berth.registry.ipfs.remote.RemoteAutoConfiguration",
        "org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration"},
        beforeName = {"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = {"org.thymeleaf.spring6.SpringTemplateEngine", "org.springframework.security.web.SecurityFilterChain"})
@ConditionalOnBooleanProperty(name = "berth.ui.enabled", matchIfMissing = true)
@ConditionalOnBean(RepositoryLocator.class)
@EnableConfigurationProperties({UiProperties.class, AuthProperties.class})
@Import({UiSecurity.class, UiAutoConfiguration.Kubo.class})
public class UiAutoConfiguration {

    @Bean
    UiAccess berthUiAccess(AuthProperties auth) {
        return new UiAccess(auth);
    }

    @Bean
    Formats berthUiFormats() {
        return new Formats(Clock.systemUTC());
    }

    @Bean
    RepositoryIndex berthUiRepositoryIndex(Catalog catalog, RepositoryLocator locator, UiProperties properties) {
        return new RepositoryIndex(catalog, locator, properties.indexRefresh(), Clock.systemUTC());
    }

    @Bean
    ContentReader berthUiContentReader(ObjectMapper json) {
        return new ContentReader(json);
    }

    @Bean
    ImageSummaries berthUiImageSummaries(ContentReader reader) {
        return new ImageSummaries(reader);
    }

    @Bean
    ImageViews berthUiImageViews(ContentReader reader, ObjectProvider<ImageTrees> imageTrees, UiProperties properties) {
        return new ImageViews(reader, imageTrees, properties);
    }

    @Bean
    UiAssets berthUiAssets() {
        return new UiAssets();
    }

    @Bean
    UiAdvice berthUiAdvice(UiAccess access, Formats formats, UiAssets assets) {
        return new UiAdvice(access, formats, assets.version());
    }

    @Bean
    HomePage berthUiHomePage(RepositoryIndex index, UiAccess access, UiProperties properties, ObjectProvider<PublishedRoot> root,
                             ObjectProvider<IpnsPublisher> ipns) {
        return new HomePage(index, access, properties, root, ipns);
    }

    @Bean
    RepositoryPage berthUiRepositoryPage(RepositoryLocator locator, ImageSummaries summaries, UiAccess access, UiProperties properties) {
        return new RepositoryPage(locator, summaries, access, properties);
    }

    @Bean
    ImagePage berthUiImagePage(RepositoryLocator locator, ImageViews views, UiAccess access, UiProperties properties) {
        return new ImagePage(locator, views, access, properties);
    }

    @Bean
    DeleteAction berthUiDeleteAction(RepositoryLocator locator, UiAccess access) {
        return new DeleteAction(locator, access);
    }

    @Bean
    RemotePage berthUiRemotePage(RepositoryLocator locator, UiAccess access) {
        return new RemotePage(locator, access);
    }

    @Bean
    NodePage berthUiNodePage(ObjectProvider<NodeStatus> node, ObjectProvider<GarbageCollector> collector,
                             ObjectProvider<MeterRegistry> meters, UiAccess access, Environment environment) {
        return new NodePage(node, collector, meters, access, environment);
    }

    @Bean
    LoginPage berthUiLoginPage() {
        return new LoginPage();
    }

    /** On IPFS: Kubo's health, peers and storage for the node page, asked within a few seconds. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.berth.storage.ipfs.kubo.KuboClient")
    @ConditionalOnBean(KuboConnectionDetails.class)
    static class Kubo {
        private static final Duration TIMEOUT = Duration.ofSeconds(5);

        @Bean(destroyMethod = "close")
        KuboNodeStatus berthUiNodeStatus(KuboConnectionDetails kubo) {
            return new KuboNodeStatus(KuboClient.builder().api(kubo.api()).timeout(TIMEOUT).connectTimeout(TIMEOUT).maxConnections(4).build());
        }
    }
}
