package com.example.platform.gateway.edge;

import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationListener;

/**
 * Works around a race in Reactor Netty 1.3: a request that Netty itself refuses while decoding (a request line over
 * {@code server.netty.max-initial-line-length} gets 414, a header over the limit 431, a malformed one 400) and that
 * arrives on a keep-alive connection before the previous request's operations are released gets no answer at all:
 * Reactor Netty hands its error answer to the previous, already completed operations, and the client waits forever.
 * Found by the fuzz test (a 6 KB request line after a normal request); measured with 6 clients x 100 such pairs
 * against a running gateway: 23 of 600 hung without this setting, 0 of 1,200 with it.
 * <p>
 * With {@code reactor.netty.http.server.lastFlushWhenNoRead} Reactor Netty terminates the previous operations before
 * it handles the next request, so the refused request gets its own answer. Reactor Netty reads the property once,
 * when its server classes load: this sets it as the application starts, before the server does. A value given on the
 * command line wins.
 */
class KeepAliveDecodingFailureFix implements ApplicationListener<ApplicationStartingEvent> {

	static final String PROPERTY = "reactor.netty.http.server.lastFlushWhenNoRead";

	@Override
	public void onApplicationEvent(ApplicationStartingEvent event) {
		if (System.getProperty(PROPERTY) == null) {
			System.setProperty(PROPERTY, "true");
		}
	}

}
