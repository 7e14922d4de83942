package com.example.platform.order;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning with a plain consumer (no group), as a downstream would see it. */
public final class OrderEventsConsumer {

	private OrderEventsConsumer() {
	}

	/** The records with this key, in partition order, once at least {@code count} are there. */
	public static List<ConsumerRecord<String, byte[]>> awaitRecords(String bootstrapServers, String topic, String key,
			int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers)) {
			List<TopicPartition> partitions = partitions(consumer, topic, deadline);
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			while (found.size() < count && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (key.equals(record.key())) {
						found.add(record);
					}
				}
			}
		}
		return found;
	}

	/** All records with this key that the topic holds now. */
	public static List<ConsumerRecord<String, byte[]>> allRecords(String bootstrapServers, String topic, String key) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers)) {
			List<TopicPartition> partitions = partitions(consumer, topic, deadline);
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			while (!reached(consumer, end) && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (key.equals(record.key())) {
						found.add(record);
					}
				}
			}
		}
		return found;
	}

	public static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
		return end.entrySet().stream().allMatch((e) -> consumer.position(e.getKey()) >= e.getValue());
	}

	private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, long deadline) {
		while (true) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5))
				.stream()
				.map((p) -> new TopicPartition(p.topic(), p.partition()))
				.toList();
			if (!partitions.isEmpty() || System.nanoTime() > deadline) {
				return partitions;
			}
		}
	}

	private static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
		return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.CLIENT_ID_CONFIG, "order-service-test-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
				new ByteArrayDeserializer());
	}

}
