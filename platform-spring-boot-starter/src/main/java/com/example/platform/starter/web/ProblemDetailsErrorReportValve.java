package com.example.platform.starter.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * Tomcat's own error answers (a request it refuses before any filter runs, e.g. a path that is not valid UTF-8) as
 * problem details, instead of Tomcat's HTML page, which names the server and its version.
 */
public class ProblemDetailsErrorReportValve extends ErrorReportValve {

	// Tomcat creates the valve by class name, before any bean exists; no request path or trace is known here
	private static final ProblemDetailsWriter PROBLEMS = ProblemDetailsWriter.standalone();

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String detail = (status < 500) ? "The request could not be processed." : "An unexpected error occurred.";
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				byte[] body = PROBLEMS.toJson(ProblemDetailsWriter.problem(HttpStatusCode.valueOf(status), detail));
				writer.write(new String(body, StandardCharsets.UTF_8));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is gone or the response already started: nothing more to say
		}
	}

}
