package com.example.platform.starter.resilience;

import java.io.IOException;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import com.example.platform.starter.web.ResilienceProblems;

/**
 * Passes the current request's remaining budget and decremented hop limit on to a REST call,
 * and never forwards a spent budget: the call is refused with 504 instead. Added to every
 * RestClient.Builder by the starter.
 */
class BudgetPropagationInterceptor implements ClientHttpRequestInterceptor {

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		propagate(request.getHeaders(), RequestBudget.current());
		return execution.execute(request, body);
	}

	static void propagate(HttpHeaders headers, RequestBudget budget) {
		int hopLimit = (budget != null) ? budget.outboundHopLimit() : RequestBudget.DEFAULT_HOP_LIMIT - 1;
		headers.set(RequestBudget.HOP_LIMIT_HEADER, Integer.toString(hopLimit));
		Duration remaining = (budget != null) ? budget.remaining() : null;
		if (remaining != null) {
			long millis = RequestBudget.millis(remaining);
			if (millis <= 0) {
				throw ResilienceProblems.deadlineExceeded(
						"The time budget of this request was spent before a downstream could be called.");
			}
			headers.set(RequestBudget.DEADLINE_HEADER, Long.toString(millis));
		}
	}

}
