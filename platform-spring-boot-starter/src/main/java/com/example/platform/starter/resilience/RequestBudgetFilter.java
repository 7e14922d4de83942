package com.example.platform.starter.resilience;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the caller's remaining budget ({@value RequestBudget#DEADLINE_HEADER}) and hop limit
 * ({@value RequestBudget#HOP_LIMIT_HEADER}) and binds them to the request, so every outbound call
 * made while handling it is capped and carries them on. A request whose budget is already spent
 * gets 504 and one at hop limit 0 gets 508, at once: nothing is done for a caller that gave up or
 * for a request loop.
 */
public class RequestBudgetFilter extends OncePerRequestFilter {

	private final int defaultHopLimit;

	private final ProblemResponseWriter problems;

	RequestBudgetFilter(int defaultHopLimit, ProblemResponseWriter problems) {
		this.defaultHopLimit = defaultHopLimit;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Integer hopLimit = RequestBudget.parseHeader(request.getHeader(RequestBudget.HOP_LIMIT_HEADER));
		Integer budgetMillis = RequestBudget.parseHeader(request.getHeader(RequestBudget.DEADLINE_HEADER));
		int hops = (hopLimit != null) ? hopLimit : this.defaultHopLimit;
		if (hops <= 0) {
			this.problems.write(response, 508, "Loop Detected",
					"The request went through too many services (hop limit reached); it is probably in a loop.",
					request.getRequestURI());
			return;
		}
		if (budgetMillis != null && budgetMillis <= 0) {
			this.problems.write(response, 504, "Gateway Timeout",
					"The caller's time budget for this request was already spent.", request.getRequestURI());
			return;
		}
		RequestBudget budget = RequestBudget.of((budgetMillis != null) ? Duration.ofMillis(budgetMillis) : null,
				hops);
		try {
			RequestBudget.runWith(budget, () -> {
				try {
					chain.doFilter(request, response);
				}
				catch (IOException | ServletException ex) {
					throw new WrappedException(ex);
				}
				return null;
			});
		}
		catch (WrappedException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw (ServletException) ex.getCause();
		}
	}

	private static final class WrappedException extends RuntimeException {

		WrappedException(Exception cause) {
			super(cause);
		}

	}

}
