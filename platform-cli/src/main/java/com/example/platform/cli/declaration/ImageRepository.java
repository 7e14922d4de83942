package com.example.platform.cli.declaration;

/**
 * Where the production deployment takes the services' images from: {@code <registry>/<service>:<tag>}.
 *
 * @param registry the registry and path before the service's name, e.g. registry.example.com/platform
 * @param tag the release tag
 */
public record ImageRepository(String registry, String tag) {
}
