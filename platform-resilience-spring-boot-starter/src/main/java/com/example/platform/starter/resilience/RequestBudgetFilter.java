package com.example.platform.starter.resilience;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import com.example.platform.starter.web.ResilienceProblems;
import com.example.platform.starter.web.ProblemDetailsWriter;

/**
 * Reads the caller's remaining budget ({@value RequestBudget#DEADLINE_HEADER}) and hop limit
 * ({@value RequestBudget#HOP_LIMIT_HEADER}) and binds them to the request, so every outbound call
 * made while handling it is capped and carries them on. A request whose budget is already spent
 * gets 504 and one at hop limit 0 gets 508, at once: nothing is done for a caller that gave up or
 * for a request loop.
 */
class RequestBudgetFilter extends OncePerRequestFilter {

	static final String HOP_LIMIT_REACHED = "The request went through too many services (hop limit reached); it is probably in a loop.";

	static final String BUDGET_SPENT = "The caller's time budget for this request was already spent.";

	private final int defaultHopLimit;

	private final ProblemDetailsWriter problems;

	RequestBudgetFilter(int defaultHopLimit, ProblemDetailsWriter problems) {
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
			ProblemDetailsWriter.Servlet.write(this.problems, response,
					ResilienceProblems.hopLimitExceeded(HOP_LIMIT_REACHED).getBody(), request.getRequestURI());
			return;
		}
		if (budgetMillis != null && budgetMillis <= 0) {
			ProblemDetailsWriter.Servlet.write(this.problems, response,
					ResilienceProblems.deadlineExceeded(BUDGET_SPENT).getBody(), request.getRequestURI());
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
