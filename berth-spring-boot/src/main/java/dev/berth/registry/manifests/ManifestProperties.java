package dev.berth.registry.manifests;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code berth.manifests.*}: how strictly pushed manifests are checked.
 *
 * @param allowMissingLayers accept image manifests whose layers were never pushed ("sparse"
 *     images, which the spec allows and mirrors of a few platforms produce); off by default so
 *     that a client cannot tag an image nobody can pull. The config blob is always required, and
 *     non-distributable layers and an index's children never are.
 */
@ConfigurationProperties("berth.manifests")
public record ManifestProperties(boolean allowMissingLayers) {
}
