package com.example.platform.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request on a reused keep-alive connection gets an answer, also an over-long one right after another request
 * on the same connection: a 414 problem. Reactor Netty 1.3 left such a request unanswered when Netty itself refused
 * it while decoding (see KeepAliveDecodingFailureFix): the fuzz test saw it as a hang, now and then even with that
 * fix under heavy load. The gateway now refuses it itself (RequestTargetLimitWebFilter), with Netty's own limit far
 * above. Raw sockets, so that the second request really follows the first on one connection, several clients at once
 * to hit the race.
 */
class GatewayKeepAliveTests extends GatewayTestSupport {

	private static final int CLIENTS = 6;

	private static final int PAIRS_PER_CLIENT = 100;

	/** Far longer than any answer takes here; what does not come within it never comes. */
	private static final int ANSWER_TIMEOUT_MS = 5000;

	@Test
	void aRequestNettyRefusesIsAnsweredAlsoRightAfterAnotherOnTheSameConnection() throws Exception {
		AtomicInteger answered = new AtomicInteger();
		List<String> unanswered = new java.util.concurrent.CopyOnWriteArrayList<>();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				runs.add(clients.submit(() -> {
					for (int i = 0; i < PAIRS_PER_CLIENT; i++) {
						String status = normalThenTooLong();
						if (status == null) {
							unanswered.add("pair " + i);
						}
						else {
							assertThat(status).startsWith("HTTP/1.1 414");
							answered.incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> run : runs) {
				run.get();
			}
		}
		finally {
			clients.shutdownNow();
		}
		System.out.printf("[figures] gateway keep-alive: %d of %d over-long requests after a normal one answered 414%n",
				answered.get(), CLIENTS * PAIRS_PER_CLIENT);
		assertThat(unanswered).as("requests that got no answer within %d ms", ANSWER_TIMEOUT_MS).isEmpty();
	}

	/** The status line of the second answer, or null when none came. */
	private String normalThenTooLong() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(ANSWER_TIMEOUT_MS);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			out.write(request("/livez"));
			out.flush();
			assertThat(readAnswer(in)).startsWith("HTTP/1.1 200");
			// 6,000 characters: over the gateway's 4,000 for the request target (and over Netty's default 4,096)
			out.write(request("/api/orders/" + "a".repeat(6000)));
			out.flush();
			try {
				return readAnswer(in);
			}
			catch (SocketTimeoutException ex) {
				return null;
			}
		}
	}

	private static byte[] request(String path) {
		return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
	}

	/** Reads one answer with a Content-Length body (the gateway's answers here have one) and returns its status line. */
	private static String readAnswer(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (head.indexOf("\r\n\r\n") < 0) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("connection closed before an answer; got: " + head);
			}
			head.append((char) b);
		}
		int length = 0;
		for (String line : head.toString().split("\r\n")) {
			if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
			}
		}
		in.readNBytes(length);
		return head.substring(0, head.indexOf("\r\n"));
	}

}
