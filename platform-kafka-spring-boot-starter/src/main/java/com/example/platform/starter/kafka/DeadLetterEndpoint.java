package com.example.platform.starter.kafka;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * {@code /actuator/deadletters}: GET shows, per dead-letter topic of this service's listeners,
 * how many records it holds and how many this service has not replayed yet; POST re-publishes the
 * dead letters of this service's consumer groups to their original topic (see
 * {@link DeadLetterReplayer}). Run it after the cause is fixed; running it twice replays nothing
 * twice.
 */
@Endpoint(id = "deadletters")
class DeadLetterEndpoint {

	private final ObjectProvider<KafkaListenerEndpointRegistry> listeners;

	private final DeadLetterReplayer replayer;

	private final String deadLetterSuffix;

	public DeadLetterEndpoint(ObjectProvider<KafkaListenerEndpointRegistry> listeners, DeadLetterReplayer replayer,
			String deadLetterSuffix) {
		this.listeners = listeners;
		this.replayer = replayer;
		this.deadLetterSuffix = deadLetterSuffix;
	}

	@ReadOperation
	public Map<String, Object> deadLetters() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("replayGroup", this.replayer.replayGroup());
		body.put("consumerGroups", groups());
		body.put("topics", this.replayer.status(deadLetterTopics()));
		return body;
	}

	@WriteOperation
	public Map<String, Object> replay() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("replayed", this.replayer.replay(deadLetterTopics(), groups(), this.deadLetterSuffix));
		return body;
	}

	private Set<String> deadLetterTopics() {
		Set<String> topics = new TreeSet<>();
		for (MessageListenerContainer container : containers()) {
			String[] subscribed = container.getContainerProperties().getTopics();
			if (subscribed != null) {
				for (String topic : subscribed) {
					topics.add(topic + this.deadLetterSuffix);
				}
			}
		}
		return topics;
	}

	private Set<String> groups() {
		Set<String> groups = new TreeSet<>();
		for (MessageListenerContainer container : containers()) {
			if (container.getGroupId() != null) {
				groups.add(container.getGroupId());
			}
		}
		return groups;
	}

	private Collection<MessageListenerContainer> containers() {
		KafkaListenerEndpointRegistry registry = this.listeners.getIfAvailable();
		return (registry != null) ? registry.getListenerContainers() : List.of();
	}

}
