package com.example.platform.starter.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request whose {@code Content-Type} is not a concrete media type ({@code *}{@code /*}, garbage) is a 415
 * problem. Spring MVC would otherwise fail deep inside (a wildcard content type is an IllegalArgumentException)
 * and answer 500. Runs after Spring Security, so an anonymous caller still learns nothing but 401.
 */
class ContentTypeProblemFilter extends OncePerRequestFilter implements Ordered {

	private final ProblemDetailsWriter problems;

	ContentTypeProblemFilter(ProblemDetailsWriter problems) {
		this.problems = problems;
	}

	@Override
	public int getOrder() {
		return 0;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		if (contentType == null || concrete(contentType)) {
			chain.doFilter(request, response);
			return;
		}
		ProblemDetail problem = ProblemDetailsWriter.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"The request's Content-Type is not a media type this service reads.");
		ProblemDetailsWriter.Servlet.write(this.problems, response, problem, request.getRequestURI());
	}

	private static boolean concrete(String contentType) {
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return !type.isWildcardType() && !type.isWildcardSubtype();
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

}
