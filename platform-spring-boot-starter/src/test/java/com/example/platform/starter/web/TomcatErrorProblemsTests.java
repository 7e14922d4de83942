package com.example.platform.starter.web;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.platform.test.security.TestIssuer;
import com.example.platform.test.security.UseTestIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests Tomcat refuses before any filter or controller runs are answered with a problem body, not Tomcat's
 * HTML error page (which names the server and its version). Raw sockets: a client library would fix the request.
 */
@SpringBootTest(classes = TomcatErrorProblemsTests.TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.tracing.export.enabled=false")
@UseTestIssuer
class TomcatErrorProblemsTests {

	@LocalServerPort
	int port;

	@Test
	void aPathThatIsNotUtf8IsA400Problem() throws Exception {
		String answer = raw("GET /things/%ff%fe HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 400");
		assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(answer).contains("\"status\":400").doesNotContain("Tomcat").doesNotContain("<html");
	}

	@Test
	void aMalformedRequestLineIsA400Problem() throws Exception {
		String answer = raw("GET /things/a{b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 400");
		assertThat(answer).doesNotContain("Tomcat").doesNotContain("<html");
	}

	@Test
	void whatAFilterRefusesWithSendErrorIsAProblemToo() throws Exception {
		// Spring Security's firewall refuses an encoded percent sign with sendError(400): Boot's error page would
		// answer its own JSON shape
		String answer = raw("GET /things/%25ff HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 400");
		assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(answer).contains("\"status\":400").doesNotContain("\"timestamp\"");
	}

	@Test
	void aWildcardOrBrokenContentTypeIsA415Problem() throws Exception {
		for (String contentType : new String[] { "*/*", "application/*", "garbage" }) {
			String answer = raw("POST /things HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: "
					+ TestIssuer.shared().token("alice").bearer() + "\r\nContent-Type: " + contentType
					+ "\r\nContent-Length: 2\r\n\r\n{}");
			assertThat(answer).as(contentType).startsWith("HTTP/1.1 415");
			assertThat(answer).as(contentType).containsIgnoringCase("Content-Type: application/problem+json");
		}
	}

	@Test
	void aQueryParameterThatIsNotUtf8IsA400Problem() throws Exception {
		String answer = raw("GET /params?value=%ff%fe HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: "
				+ TestIssuer.shared().token("alice").bearer() + "\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 400");
		assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(answer).contains("\"status\":400");
	}

	private String raw(String request) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApp {

		@org.springframework.web.bind.annotation.RestController
		static class Params {

			@org.springframework.web.bind.annotation.GetMapping("/params")
			String params(@org.springframework.web.bind.annotation.RequestParam(required = false) String value) {
				return String.valueOf(value);
			}

		}

	}

}
