package com.example.platform.starter.kafka;

import java.util.function.BiFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * Publishes a record that exhausted its retries to the dead-letter topic (failure reason in the
 * {@code kafka_dlt-*} headers) and counts it in {@code platform.kafka.consumer.dead.letters}
 * (tags: topic, exception), only once the dead-letter topic has acknowledged it.
 */
class MeteredDeadLetterPublishingRecoverer extends DeadLetterPublishingRecoverer {

	static final String DEAD_LETTERS = "platform.kafka.consumer.dead.letters";

	private final @Nullable MeterRegistry registry;

	MeteredDeadLetterPublishingRecoverer(KafkaOperations<?, ?> template,
			BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destinationResolver,
			@Nullable MeterRegistry registry) {
		super(template, destinationResolver);
		this.registry = registry;
	}

	@Override
	public void accept(ConsumerRecord<?, ?> record, @Nullable Consumer<?, ?> consumer, Exception exception) {
		super.accept(record, consumer, exception);
		if (this.registry != null) {
			Counter.builder(DEAD_LETTERS)
				.description("Records published to a dead-letter topic after their last failed attempt")
				.tag("topic", record.topic())
				.tag("exception", rootCause(exception).getClass().getSimpleName())
				.register(this.registry)
				.increment();
		}
	}

	static Throwable rootCause(Throwable exception) {
		Throwable cause = exception;
		while (cause instanceof ListenerExecutionFailedException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
