package com.example.platform.gateway.edge;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the edge lets in.
 *
 * @param maxBodySize the largest request body (declared by Content-Length or counted while a chunked body arrives):
 * beyond it, 413
 * @param corsAllowedOrigins the browser origins allowed to call the API (exact origins; empty: none)
 * @param maxRequestTargetLength the longest request target (raw path and query, in characters): beyond it, 414
 */
@ConfigurationProperties("platform.gateway.edge")
public record EdgeProperties(@DefaultValue("256KB") DataSize maxBodySize,
		@DefaultValue("http://127.0.0.1:3001") List<String> corsAllowedOrigins,
		@DefaultValue("4000") int maxRequestTargetLength) {
}
